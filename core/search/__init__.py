"""Substring search served by an index, on PostgreSQL and on SQLite alike.

`name LIKE '%5ess%'` reads every row: fine for one agreement's 300 products, 20× slower for a
portfolio's 300,000. Both databases can index substrings by trigrams (every run of three characters):
PostgreSQL with a pg_trgm GIN index, which serves `LIKE '%…%'` itself; SQLite with an FTS5 table using
the trigram tokenizer (SQLite ≥ 3.34), kept in step with the table by triggers and asked with `MATCH`.

A field gets the index through the migration operation `AddTextSearchIndex`; queries go through
`contains()`. Texts shorter than three characters have no trigram to look up: they fall back to a scan,
which is acceptable because such a query is rare and capped by pagination.

Two more kinds of index serve the search box (`ledger.search`) and the text filters of the discount
lookup and the release board, through the same few functions:

- **compact** (`AddTextSearchIndex(..., kind="compact")`): the text lower-cased with spaces and
  punctuation removed (`compact_sql`), so "oc12", "OC-12" and "OC 12" are one key: an index on an
  expression, not a stored column (why, and the shorter key of a normalized name: `compact`).
- **words** (`kind="words"`): full-text search of long texts (a provision): PostgreSQL's
  `to_tsvector('english', …)` in a GIN index, SQLite's FTS5 with the Porter stemmer.

A query is cut into terms (`name_terms`, `word_terms`); each term gives one indexed condition, and
`scored` counts how many of them a row meets: word order does not matter and an extra word lowers no
row's place, it just matches nothing (`best_only` keeps the rows that meet the most).

The modules, by concept (each imports only those listed before it):
- `compact`: the compact key, of a query's text (`compact_key`) and in SQL (`compact_sql`, `Compact`);
- `terms`: how a typed text becomes the terms searched (`name_terms`, `strong_terms`, `word_terms`);
- `indexes`: the SQLite FTS5 tables and triggers and the PostgreSQL indexes (`install`, `uninstall`,
  `resync_sqlite`);
- `operations`: the migration operations (`AddTextSearchIndex`, `RecreateCompactIndex`);
- `conditions`: one indexed condition per term (`contains`, `compact_contains`, `has_words`, `Source`);
- `ranking`: which rows a query finds and in what order (`matching_names`, `scored`, `best_only`,
  `within_first`, `closest_first`).

Other apps and migrations import from `core.search` itself: the names below.
"""

from core.search.compact import (
    NORMALIZED_COLUMN,
    Compact,
    NormalizedCompact,
    ShortCompact,
    compact_key,
    compact_sql,
    postgresql_compact_sql,
)
from core.search.conditions import (
    Condition,
    Ids,
    Source,
    compact_contains,
    contains,
    has_words,
    name_conditions,
    word_conditions,
)
from core.search.indexes import TEXT_CONFIG, Kind, install, resync_sqlite, uninstall
from core.search.operations import AddTextSearchIndex, RecreateCompactIndex
from core.search.ranking import (
    ALL_BEST,
    PHRASE,
    SCORE,
    IndexIds,
    best_ids,
    best_only,
    closest_first,
    matching_names,
    scored,
    within_first,
)
from core.search.terms import MAX_TERMS, MIN_INDEXED_LENGTH, STOP_WORDS, name_terms, strong_terms, word_terms

__all__ = [
    "ALL_BEST",
    "MAX_TERMS",
    "MIN_INDEXED_LENGTH",
    "NORMALIZED_COLUMN",
    "PHRASE",
    "SCORE",
    "STOP_WORDS",
    "TEXT_CONFIG",
    "AddTextSearchIndex",
    "Compact",
    "Condition",
    "Ids",
    "Kind",
    "NormalizedCompact",
    "RecreateCompactIndex",
    "ShortCompact",
    "Source",
    "IndexIds",
    "best_ids",
    "best_only",
    "closest_first",
    "compact_contains",
    "compact_key",
    "compact_sql",
    "contains",
    "has_words",
    "install",
    "matching_names",
    "name_conditions",
    "name_terms",
    "postgresql_compact_sql",
    "resync_sqlite",
    "scored",
    "strong_terms",
    "uninstall",
    "within_first",
    "word_conditions",
    "word_terms",
]
