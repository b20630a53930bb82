# ruff: noqa: S608, S611  # identifiers come from model metadata, never from input; search text is a parameter
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
  punctuation removed (`compact_sql`), so "oc12", "OC-12" and "OC 12" are one key. It is an index on an
  expression, not a stored column: nothing to keep in step on save, no backfill to forget, and it serves
  raw columns (a release "as written") as well as normalized names. PostgreSQL indexes the expression
  with pg_trgm; SQLite keeps the compacted text in an FTS5 trigram table fed by the triggers. A
  normalized name (`NORMALIZED_COLUMN`) is lower-case letters and digits already: PostgreSQL keys it
  by removing its spaces alone, the same key in one call instead of fifteen (`postgresql_compact_sql`).
  Query-side splitting at letter/digit boundaries was the alternative; it cannot tell "5ESS-2000" from
  "5ESS2000" without guessing, whereas removing every separator on both sides needs no guess.
- **words** (`kind="words"`): full-text search of long texts (a provision): PostgreSQL's
  `to_tsvector('english', …)` in a GIN index (the expression `SearchVector` writes, so the planner uses
  it), SQLite's FTS5 with the Porter stemmer.

A query is cut into terms (`name_terms`, `word_terms`); each term gives one indexed condition, and
`scored` counts how many of them a row meets: word order does not matter and an extra word lowers no
row's place, it just matches nothing (`best_only` keeps the rows that meet the most).
"""

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import reduce
from operator import add, or_
from typing import Any, Literal, TypeVar

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.operations.base import Operation
from django.db.migrations.state import ProjectState
from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    Func,
    IntegerField,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Length

MIN_INDEXED_LENGTH = 3
# A longer query adds conditions, not precision: the rest of its words are ignored.
MAX_TERMS = 8
SCORE = "search_score"
PHRASE = "search_phrase"
# An alias set when every row found is among the best (`best_only` has nothing to drop).
ALL_BEST = "search_all_best"
# The full-text configuration of PostgreSQL; SQLite's Porter stemmer is its counterpart.
TEXT_CONFIG = "english"
# Words that would match nearly every provision (PostgreSQL's English configuration drops them too).
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "shall",
        "that",
        "the",
        "this",
        "to",
        "was",
        "will",
        "with",
    ]
)
# Removed from both sides of a compact comparison. No quote among them: they are written into SQL.
_COMPACT_REMOVED = " -./,():;&+_#*"
# A column of this name holds `contracts.names.normalize_name`'s output (each model with one writes it on
# save): lower-case letters and digits, single-spaced. Its compact key is its text without the spaces, and
# PostgreSQL indexes and asks it as that one REPLACE (`postgresql_compact_sql`): a trigram index rechecks
# each row it finds against the indexed expression, and the full key's fifteen calls cost a microsecond a
# row, most of the discount lookup's time when "5ESS" names 3,000 products across a thousand agreements.
NORMALIZED_COLUMN = "normalized_name"

Kind = Literal["substring", "compact", "words"]
_SUFFIXES: dict[str, tuple[str, str]] = {
    # kind: (SQLite FTS table suffix, PostgreSQL index suffix)
    "substring": ("fts", "trgm"),
    "compact": ("cfts", "ctrgm"),
    "words": ("wfts", "tsv"),
}
_TOKENIZERS = {"substring": "trigram", "compact": "trigram", "words": "porter unicode61"}

_M = TypeVar("_M", bound=Model)


def _name(table: str, column: str, suffix: str) -> str:
    """An identifier within PostgreSQL's 63 characters, stable for the same table and column."""
    name = f"{table}_{column}_{suffix}"
    if len(name) <= 63:
        return name
    digest = hashlib.sha256(name.encode()).hexdigest()[:8]
    return f"{name[: 63 - len(suffix) - 10]}_{digest}_{suffix}"


def _column(model: type[Model], field: str) -> str:
    column = model._meta.get_field(field).column  # type: ignore[union-attr]  # a concrete field, never a relation
    assert column is not None
    return column


def compact_sql(column_sql: str, removed: str = _COMPACT_REMOVED) -> str:
    """SQL for the compact key of `column_sql`, the same on SQLite and PostgreSQL (index and query alike)."""
    sql = column_sql
    for character in removed:
        sql = f"REPLACE({sql}, '{character}', '')"
    return f"LOWER({sql})"


def postgresql_compact_sql(column_sql: str, column: str) -> str:
    """The compact key of `column` as PostgreSQL indexes and asks it: for a normalized name
    (`NORMALIZED_COLUMN`) its text without spaces, which is `compact_sql` of such a text in one call;
    otherwise `compact_sql`. SQLite's FTS tables keep `compact_sql` of every column: the same keys."""
    if column == NORMALIZED_COLUMN:
        return f"REPLACE({column_sql}, ' ', '')"
    return compact_sql(column_sql)


class Compact(Func):
    """The compact key of a column (`compact_sql`), for the queries a compact index serves."""

    arity = 1
    output_field = CharField()
    # No "%" among the removed characters: the SQL is a valid template.
    template = compact_sql("%(expressions)s")


class ShortCompact(Compact):
    """The compact key with the common separators only, for what SQLite reads without its index (a
    term too short for it, or a `scan` of one agreement's names): fourteen nested REPLACEs inside a
    large query (the release board's, the discount lookup's) overflow SQLite's parser stack. A
    normalized name holds no other separator, and a two-letter term crosses no other worth removing."""

    template = compact_sql("%(expressions)s", removed=" -./")


class NormalizedCompact(Compact):
    """The compact key of a normalized name as PostgreSQL's index holds it (`postgresql_compact_sql`)."""

    template = postgresql_compact_sql("%(expressions)s", NORMALIZED_COLUMN)


def compact_key(normalized: str) -> str:
    """The compact form of an already normalized text (lower-case words separated by single spaces)."""
    return "".join(character for character in normalized if character not in _COMPACT_REMOVED)


def name_terms(normalized: str) -> list[str]:
    """The terms a name query is matched by: its words, compacted; a word shorter than three characters
    is joined to the next one ("oc 12" → "oc12", "ddm 2000 oc 12" → "ddm", "2000", "oc12"), so that a
    spelling with or without the space finds the same names and each term has a trigram to look up. A
    short last word stays a term of its own ("amendment 3"; see `strong_terms`)."""
    terms: list[str] = []
    pending = ""
    for word in normalized.split():
        pending += compact_key(word)
        if len(pending) >= MIN_INDEXED_LENGTH:
            terms.append(pending)
            pending = ""
    if pending:
        terms.append(pending)
    return list(dict.fromkeys(terms))[:MAX_TERMS]


def strong_terms(terms: Sequence[str]) -> list[str]:
    """The terms an index can look up, when there are any: a short last word ("LNM970313MP/3") would be
    read by a scan of every name and is left out then (it would match nearly every row anyway)."""
    return [term for term in terms if len(term) >= MIN_INDEXED_LENGTH] or list(terms)


def word_terms(normalized: str) -> list[str]:
    """The words a full-text query is matched by: without stop words, each once, at most `MAX_TERMS`."""
    words = [word for word in normalized.split() if word not in STOP_WORDS]
    return list(dict.fromkeys(words))[:MAX_TERMS]


def _sqlite_statements(table: str, column: str, pk: str, kind: Kind) -> list[str]:
    fts = _name(table, column, _SUFFIXES[kind][0])
    return [
        f'CREATE VIRTUAL TABLE "{fts}" USING fts5("{column}", content="{table}", content_rowid="{pk}", '
        f'tokenize="{_TOKENIZERS[kind]}")',
        *_sqlite_sync(fts, table, column, pk),
    ]


def _kind_of(fts: str) -> Kind:
    for kind, (suffix, _) in _SUFFIXES.items():
        if kind != "substring" and fts.endswith(f"_{suffix}"):
            return kind  # type: ignore[return-value]  # a key of _SUFFIXES
    return "substring"


def _sqlite_sync(fts: str, table: str, column: str, pk: str) -> list[str]:
    """The triggers that keep the FTS table in step with `table`, then a fill from the table's rows.

    A compact table indexes `compact_sql` of the column, not the column itself: it is filled by its
    own INSERT … SELECT (FTS5's "rebuild" would read the column as it is).
    """
    compact = _kind_of(fts) == "compact"
    quoted_table = f'"{table}"'

    def value(row: str) -> str:
        reference = f'{row}."{column}"'
        return compact_sql(reference) if compact else reference

    fill = (
        [
            f'INSERT INTO "{fts}"("{fts}") VALUES (\'delete-all\')',
            f'INSERT INTO "{fts}"(rowid, "{column}") SELECT "{pk}", {value(quoted_table)} FROM "{table}"',
        ]
        if compact
        else [f'INSERT INTO "{fts}"("{fts}") VALUES (\'rebuild\')']
    )
    return [
        *(f'DROP TRIGGER IF EXISTS "{fts}_{suffix}"' for suffix in ("ai", "ad", "au")),
        f'CREATE TRIGGER "{fts}_ai" AFTER INSERT ON "{table}" BEGIN '
        f'INSERT INTO "{fts}"(rowid, "{column}") VALUES (new."{pk}", {value("new")}); END',
        f'CREATE TRIGGER "{fts}_ad" AFTER DELETE ON "{table}" BEGIN '
        f'INSERT INTO "{fts}"("{fts}", rowid, "{column}") VALUES (\'delete\', old."{pk}", {value("old")}); END',
        f'CREATE TRIGGER "{fts}_au" AFTER UPDATE OF "{column}", "{pk}" ON "{table}" BEGIN '
        f'INSERT INTO "{fts}"("{fts}", rowid, "{column}") VALUES (\'delete\', old."{pk}", {value("old")}); '
        f'INSERT INTO "{fts}"(rowid, "{column}") VALUES (new."{pk}", {value("new")}); END',
        *fill,
    ]


_FTS_DEFINITION = re.compile(
    r'CREATE VIRTUAL TABLE "(?P<fts>[^"]+)" USING fts5\("(?P<column>[^"]+)", '
    r'content="(?P<table>[^"]+)", content_rowid="(?P<pk>[^"]+)"'
)


def resync_sqlite(connection: BaseDatabaseWrapper) -> int:
    """Re-create the triggers of every search table whose triggers are gone; the number re-created.

    On SQLite, a migration that alters a table rebuilds it (new table, copy, rename), and the old
    table's triggers go with it: the search table would silently stop following its rows. Run after
    every `migrate` (`core.apps`), like the history guard.
    """
    if connection.vendor != "sqlite":
        return 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%fts5%'")
        definitions = [match for (sql,) in cursor.fetchall() if (match := _FTS_DEFINITION.match(sql))]
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        triggers = {name for (name,) in cursor.fetchall()}
        repaired = 0
        for found in definitions:
            fts = found["fts"]
            if {f"{fts}_ai", f"{fts}_ad", f"{fts}_au"} <= triggers:
                continue
            for statement in _sqlite_sync(fts, found["table"], found["column"], found["pk"]):
                cursor.execute(statement)
            repaired += 1
    return repaired


def _postgresql_statements(table: str, column: str, kind: Kind, *, full_compact: bool = False) -> list[str]:
    """`full_compact`: the compact key as every column's was indexed before `RecreateCompactIndex`."""
    index = _name(table, column, _SUFFIXES[kind][1])
    if kind == "words":
        # The expression SearchVector(column, config=TEXT_CONFIG) compiles to, so that its queries use it.
        expression = f"to_tsvector('{TEXT_CONFIG}'::regconfig, COALESCE(\"{column}\", ''))"
        return [f'CREATE INDEX IF NOT EXISTS "{index}" ON "{table}" USING gin (({expression}))']
    quoted_column = f'"{column}"'
    if kind == "compact":
        key = compact_sql(quoted_column) if full_compact else postgresql_compact_sql(quoted_column, column)
        expression = f"({key})"
    else:
        expression = quoted_column
    return [
        # pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
        "CREATE EXTENSION IF NOT EXISTS pg_trgm",
        f'CREATE INDEX IF NOT EXISTS "{index}" ON "{table}" USING gin ({expression} gin_trgm_ops)',
    ]


def install(schema_editor: BaseDatabaseSchemaEditor, model: type[Model], field: str, kind: Kind = "substring") -> None:
    """Index `model.field` for `kind` of search on the editor's database."""
    table, column = model._meta.db_table, _column(model, field)
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        statements = _sqlite_statements(table, column, model._meta.pk.column, kind)
    elif vendor == "postgresql":
        statements = _postgresql_statements(table, column, kind)
    else:
        statements = []  # another database: the queries scan, as any LIKE does
    for statement in statements:
        schema_editor.execute(statement)


def uninstall(
    schema_editor: BaseDatabaseSchemaEditor, model: type[Model], field: str, kind: Kind = "substring"
) -> None:
    table, column = model._meta.db_table, _column(model, field)
    vendor = schema_editor.connection.vendor
    sqlite_suffix, postgresql_suffix = _SUFFIXES[kind]
    if vendor == "sqlite":
        fts = _name(table, column, sqlite_suffix)
        for suffix in ("ai", "ad", "au"):
            schema_editor.execute(f'DROP TRIGGER IF EXISTS "{fts}_{suffix}"')
        schema_editor.execute(f'DROP TABLE IF EXISTS "{fts}"')
    elif vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{_name(table, column, postgresql_suffix)}"')


def _fts_string(text: str) -> str:
    """`text` as one FTS5 string: a phrase of its tokens, whatever FTS5 syntax (NEAR, *, quotes) it holds."""
    return '"' + text.replace('"', '""') + '"'


def _sqlite_match(queryset: QuerySet[_M], field: str, suffix: str, query: str) -> QuerySet[_M]:
    model = queryset.model
    fts = _name(model._meta.db_table, _column(model, field), suffix)
    return queryset.filter(pk__in=RawSQL(f'SELECT rowid FROM "{fts}" WHERE "{fts}" MATCH %s', [query]))


def contains(queryset: QuerySet[_M], text: str, field: str = "normalized_name") -> QuerySet[_M]:
    """The rows of `queryset` whose `field` contains `text` as written (the caller normalizes both sides)."""
    vendor = connections[queryset.db].vendor
    if vendor == "sqlite" and len(text) >= MIN_INDEXED_LENGTH:
        # A quoted FTS5 string is a phrase: its trigrams in sequence, i.e. the substring itself.
        return _sqlite_match(queryset, field, _SUFFIXES["substring"][0], _fts_string(text))
    return queryset.filter(**{f"{field}__contains": text})


def compact_contains(queryset: QuerySet[_M], term: str, field: str, *, scan: bool = False) -> QuerySet[_M]:
    """The rows whose compact `field` contains `term` (a term of `name_terms`), through the compact index;
    with `scan`, for a queryset already narrowed to a few hundred rows, by reading them instead."""
    vendor = connections[queryset.db].vendor
    if vendor == "sqlite" and len(term) >= MIN_INDEXED_LENGTH and not scan:
        return _sqlite_match(queryset, field, _SUFFIXES["compact"][0], _fts_string(term))
    # PostgreSQL: the expression its index is on; SQLite (a short term, or `scan`): see `ShortCompact`.
    if vendor == "postgresql":
        normalized = _column(queryset.model, field) == NORMALIZED_COLUMN
        compact: Compact = NormalizedCompact(F(field)) if normalized else Compact(F(field))
    else:
        compact = ShortCompact(F(field))
    found: QuerySet[_M] = queryset.alias(_compact=compact).filter(_compact__contains=term)
    return found


def has_words(queryset: QuerySet[_M], words: Sequence[str], field: str) -> QuerySet[_M]:
    """The rows whose text in `field` has `words` in this order (one word: anywhere), stemmed, through
    the full-text index."""
    phrase = " ".join(words)
    vendor = connections[queryset.db].vendor
    if vendor == "sqlite":
        return _sqlite_match(queryset, field, _SUFFIXES["words"][0], _fts_string(phrase))
    if vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        query = SearchQuery(phrase, config=TEXT_CONFIG, search_type="phrase" if len(words) > 1 else "plain")
        found: QuerySet[_M] = queryset.alias(_document=SearchVector(field, config=TEXT_CONFIG)).filter(_document=query)
        return found
    return queryset.filter(**{f"{field}__icontains": phrase})


@dataclass(frozen=True)
class Source:
    """Where a searched row's text may be: `field` of the rows of `queryset`, which name the searched row
    by `id_field`; the searched model reaches them by `target` (`pk`, or a foreign key such as `group`)."""

    queryset: QuerySet[Any]
    field: str
    id_field: str = "pk"
    target: str = "pk"
    scan: bool = False


Ids = QuerySet[Any]  # one column: ids of the searched model
# A condition a row meets when its id is among any of these (a term found by any of its sources).
Condition = list[Ids]


def _ids(model: type[Model], ids: Ids, source: Source) -> Ids:
    """`ids` (of the source's rows) as ids of `model`: each condition is then one `id IN (…)` of the
    searched table, which the conditions of other terms and sources join by UNION, never by OR (an OR
    of `IN`s across columns reads the whole table on PostgreSQL)."""
    if source.target == "pk":
        return ids
    return model._default_manager.order_by().filter(**{f"{source.target}__in": ids}).values("pk")


def name_conditions(model: type[Model], terms: Sequence[str], sources: Sequence[Source]) -> list[Condition]:
    """Per term, the ids of the `model` rows some source's compact text holds it for (each indexed)."""
    return [
        [
            _ids(
                model,
                compact_contains(source.queryset.order_by(), term, source.field, scan=source.scan).values(
                    source.id_field
                ),
                source,
            )
            for source in sources
        ]
        for term in terms
    ]


def word_conditions(model: type[Model], words: Sequence[str], source: Source) -> list[Condition]:
    """Per word of a full-text source, and once more for the words as a phrase (several words in the order
    typed rank above the same words scattered), the ids of the `model` rows whose text has them."""
    groups = [[word] for word in words] + ([list(words)] if len(words) > 1 else [])
    return [
        [_ids(model, has_words(source.queryset.order_by(), group, source.field).values(source.id_field), source)]
        for group in groups
    ]


def matching_names(queryset: QuerySet[_M], normalized: str, sources: Sequence[Source]) -> QuerySet[_M]:
    """The rows whose names (in `sources`, the row's own name first) hold words of `normalized`, `scored`,
    and ranked (`PHRASE`): 2 when the own name holds the whole query compacted, 1 when another name does."""
    model = queryset.model
    terms = name_terms(normalized)
    if not terms:
        return scored(queryset, [])
    whole = "".join(terms)

    def whole_query(names: Sequence[Source]) -> Condition:
        # Under a window, the exact names first: a list of the names holding the query is cut short.
        exact = _named_exactly(model, normalized, names) if getattr(queryset.query, _WINDOW, None) else []
        return [*exact, *name_conditions(model, [whole], names)[0]]

    rank = Case(
        When(_meets(whole_query(sources[:1]), queryset), then=Value(2)),
        When(_meets(whole_query(sources), queryset), then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    strong = strong_terms(terms)
    found = scored(
        queryset,
        name_conditions(model, strong, sources),
        rank=rank,
        best=whole_query(sources),
        several_words=len(strong) > 1,
    )
    if len(terms) == 1:
        # One term: every row found meets it, by a name that holds the whole query, so every row is among
        # the best. Said here, `best_only` need not score every match of a portfolio to find the best
        # (a common word matches thousands of products across a thousand agreements).
        found = found.alias(**{ALL_BEST: Value(1)})
    return found


def _named_exactly(model: type[Model], normalized: str, sources: Sequence[Source]) -> list[Ids]:
    """The ids of the rows a normalized name of `sources` is `normalized` exactly (through the name's
    b-tree index): under a window (`within_first`) the closest names are then always among the rows found,
    even when thousands of longer names hold the query too ("5ESS" among 3,000 "5ESS … Switch")."""
    return [
        _ids(model, source.queryset.order_by().filter(**{source.field: normalized}).values(source.id_field), source)
        for source in sources
        if _column(source.queryset.model, source.field) == NORMALIZED_COLUMN
    ]


def _meets(condition: Condition | Q, searched: QuerySet[Any] | None = None) -> Q:
    """The rows meeting `condition`; of a `searched` queryset marked by `within_first`, the rows it is
    met by among the first ids of its indexes (`_first_ids`): all of them, unless more rows were found
    than the window holds."""
    if isinstance(condition, Q):
        return condition
    window = getattr(searched.query, _WINDOW, None) if searched is not None else None
    if searched is not None and window is not None:
        return Q(pk__in=_first_ids(searched, condition, window))
    return reduce(or_, (Q(pk__in=ids) for ids in condition))


def scored(
    queryset: QuerySet[_M],
    conditions: Sequence[Condition],
    *,
    rank: Any = None,
    extra: Sequence[Condition | Q] = (),
    best: Sequence[Ids] = (),
    several_words: bool = False,
) -> QuerySet[_M]:
    """The rows among the ids of `conditions` (one `IN` of their UNION), annotated with how many of them
    and of `extra` they meet (`SCORE`: an `extra` condition, such as an amendment's number, adds to a row's
    score but finds no row by itself) and, given, a `rank` among rows of the same score (`PHRASE`).

    A `queryset` marked by `within_first` is searched among the first ids each condition's index gives,
    and the first of `best` (the ids `rank` puts first, e.g. names holding the whole query); its rows are
    scored by those first ids too, unless the conditions are `several_words` (then by every row)."""
    if not conditions:
        # Nothing to look for (a query of punctuation only): no row, but the same annotations to order by.
        nothing: QuerySet[_M] = queryset.annotate(**{SCORE: Value(0), PHRASE: Value(0)}).none()
        return nothing
    searched = queryset
    if rank is not None:
        queryset = queryset.annotate(**{PHRASE: rank})
    # Candidates come from the first ids of each index (under a window). With several words each is scored
    # by every row its words find: a row found by a rare word must count a common word too, or a name
    # holding every word would score no better than one holding the common word only.
    by_every_row = several_words and getattr(queryset.query, _WINDOW, None) is not None
    points = [
        Case(
            When(_meets(condition) if by_every_row else _meets(condition, searched), then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
        for condition in (*conditions, *extra)
    ]
    lists = [ids for condition in conditions for ids in condition]
    window = getattr(queryset.query, _WINDOW, None)
    candidates: QuerySet[Any] | RawSQL
    if window is not None:
        candidates = _first_ids(searched, [*best, *lists], window)
    else:
        first, *rest = lists
        candidates = first.union(*rest) if rest else first
    # One condition: each candidate meets it (they are its ids), so the score needs no lookup per row.
    score = Value(1) if len(points) == 1 else reduce(add, points)
    if window is not None and rank is not None and not extra and len(points) > 1:
        # A name holding the whole query holds each of its terms: it meets every condition, even when
        # it is past the first ids of a term's index.
        whole = Q(**{f"{PHRASE}__gt": 0})
        score = Case(When(whole, then=Value(len(points))), default=score, output_field=IntegerField())
    found: QuerySet[_M] = queryset.filter(pk__in=candidates).annotate(**{SCORE: score})
    return found


def best_ids(queryset: QuerySet[Any], normalized: str, sources: Sequence[Source]) -> QuerySet[Any] | RawSQL:
    """The ids of `best_only(matching_names(queryset, normalized, sources))`, as one subquery to filter by.

    With one term, and `queryset` not narrowed, every row found is among the best (`matching_names`):
    the ids are then those the term's indexes give, in one UNION, none looked up in the table (an id may
    come twice: a subquery for `IN`, not for counting). Across a portfolio a common word ("5ESS") finds
    thousands of rows, and looking each up (the rows found, then their ids) cost more than the rest of
    the question.
    """
    terms = name_terms(normalized)
    if len(terms) != 1 or queryset.query.where:
        return best_only(matching_names(queryset, normalized, sources)).values("pk")
    parts = [_source_ids(queryset.model, terms[0], source) for source in sources]
    # UNION ALL: an id found twice is still one row to an `IN`, and no temporary index removes it.
    return RawSQL(" UNION ALL ".join(sql for sql, _ in parts), [p for _, params in parts for p in params])


def _source_ids(model: type[Model], term: str, source: Source) -> tuple[str, list[Any]]:
    """SQL for the ids of the `model` rows `source` holds `term` for: on SQLite, of an unfiltered source
    of the model's own names, the rowids its FTS table gives (they are the rows' ids: the triggers keep
    them in step); otherwise the query of `name_conditions`."""
    queryset = source.queryset
    indexed = len(term) >= MIN_INDEXED_LENGTH and not source.scan and not queryset.query.where
    if connections[queryset.db].vendor == "sqlite" and indexed and source.id_field == source.target == "pk":
        qmodel = queryset.model
        fts = _name(qmodel._meta.db_table, _column(qmodel, source.field), _SUFFIXES["compact"][0])
        return f'SELECT rowid FROM "{fts}" WHERE "{fts}" MATCH %s', [_fts_string(term)]
    (ids,) = name_conditions(model, [term], [source])[0]
    sql, params = ids.query.get_compiler(using=ids.db).as_sql()
    return sql, list(params)


def closest_first(queryset: QuerySet[Any], field: str, normalized: str) -> list[Any]:
    """Orderings among rows of the same score: on PostgreSQL by trigram similarity of `field` to the
    query (pg_trgm), elsewhere the shorter name first (the closer, when both hold the same words)."""
    if connections[queryset.db].vendor == "postgresql":
        from django.contrib.postgres.search import TrigramSimilarity

        return [TrigramSimilarity(field, normalized).desc(), Length(field)]
    return [Length(field)]


def best_only(queryset: QuerySet[_M]) -> QuerySet[_M]:
    """Of `scored` rows, those meeting the most conditions (an extra word that matches nothing, or
    matches other rows only, does not widen the answer); of those, when some name holds the whole query
    (`PHRASE`), only those: "5ESS Switch" is that product, not also "5ESS CDX Switch". Lazy: subqueries."""
    if ALL_BEST in queryset.query.annotations:
        return queryset
    if PHRASE not in queryset.query.annotations:
        return queryset.filter(**{SCORE: Subquery(queryset.order_by(f"-{SCORE}").values(SCORE)[:1])})
    whole = Case(When(**{f"{PHRASE}__gt": 0}, then=Value(1)), default=Value(0), output_field=IntegerField())
    ranked = queryset.annotate(_whole=whole)
    best = ranked.order_by(f"-{SCORE}", "-_whole")
    found: QuerySet[_M] = ranked.filter(
        **{SCORE: Subquery(best.values(SCORE)[:1]), "_whole__gte": Subquery(best.values("_whole")[:1])}
    )
    return found


# Set on a query by `within_first`: how many ids `scored` takes from each index it asks.
_WINDOW = "search_window"


def within_first(queryset: QuerySet[_M], window: int) -> QuerySet[_M]:
    """`queryset`, to be searched (`scored`) among at most `window` rows from each index it asks: per
    term and name, and the names holding the whole query (so those are always among the rows found).
    The rows found are ranked among themselves (each scored by every row its terms find), so a common
    word costs the same across a thousand agreements as in one. While no index gives more than `window` rows, that is
    every row and the exact score; past it, the first `window` of each (see `ledger.search`)."""
    marked = queryset.all()
    setattr(marked.query, _WINDOW, window)
    return marked


def _first_ids(queryset: QuerySet[Any], lists: Sequence[Ids], window: int) -> RawSQL:
    """The ids of the first `window` rows of `queryset` among each of `lists`, as one subquery to filter
    by (UNION ALL: an id twice is one row to an `IN`). A list is narrowed to a filtered `queryset` before
    it is cut, so a list cut short always gives `window` rows found; unfiltered, every id is a row of it
    (its own, or a foreign key), and the index is read no further than `window` distinct ids. SQLite
    takes no LIMIT inside a compound query: each part is wrapped."""
    parts: dict[tuple[str, tuple[Any, ...]], None] = {}  # one term: the `best` ids are that term's, asked once
    for ids in lists:
        (column,) = ids.query.values_select or ("pk",)
        if queryset.query.where:
            # Read in the list's order, each id checked against `queryset`, until `window` are found
            # (`pk IN list` would first read the whole list).
            ids = ids.filter(Exists(queryset.order_by().filter(pk=OuterRef(column))))
        # In the order the index gives them (no sort: that would read every row found). A row's own ids
        # are distinct; another table's may name a row twice, and a list cut short must be of `window` rows.
        first = (ids.order_by() if column == "pk" else ids.order_by().distinct())[:window]
        sql, params = first.query.get_compiler(using=first.db).as_sql()
        parts[(sql, tuple(params))] = None
    return RawSQL(
        " UNION ALL ".join(f"SELECT * FROM ({sql}) AS _first_{number}" for number, (sql, _) in enumerate(parts)),
        [param for _, params in parts for param in params],
    )


class AddTextSearchIndex(Operation):
    """Migration operation: index `model_name.field` for `kind` of search. Changes no model state."""

    reversible = True
    reduces_to_sql = True

    def __init__(self, model_name: str, field: str, kind: Kind = "substring") -> None:
        self.model_name = model_name
        self.field = field
        self.kind = kind

    def state_forwards(self, app_label: str, state: ProjectState) -> None:
        pass

    def database_forwards(
        self, app_label: str, schema_editor: BaseDatabaseSchemaEditor, from_state: ProjectState, to_state: ProjectState
    ) -> None:
        install(schema_editor, to_state.apps.get_model(app_label, self.model_name), self.field, self.kind)

    def database_backwards(
        self, app_label: str, schema_editor: BaseDatabaseSchemaEditor, from_state: ProjectState, to_state: ProjectState
    ) -> None:
        uninstall(schema_editor, from_state.apps.get_model(app_label, self.model_name), self.field, self.kind)

    def describe(self) -> str:
        return f"Index {self.model_name}.{self.field} for {self.kind} search"

    @property
    def migration_name_fragment(self) -> str:
        suffix = "text_search" if self.kind == "substring" else f"{self.kind}_search"
        return f"{self.model_name}_{self.field}_{suffix}"

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        kwargs: dict[str, Any] = {"model_name": self.model_name, "field": self.field}
        if self.kind != "substring":
            kwargs["kind"] = self.kind
        return (self.__class__.__name__, [], kwargs)


class RecreateCompactIndex(Operation):
    """Migration operation: re-create PostgreSQL's compact index of `model_name.field` (made by
    `AddTextSearchIndex(kind="compact")`) with the key this code asks (`postgresql_compact_sql`); backwards,
    with the full key every column had before. SQLite's FTS table holds the same keys either way: untouched.
    """

    reversible = True
    reduces_to_sql = True

    def __init__(self, model_name: str, field: str) -> None:
        self.model_name = model_name
        self.field = field

    def state_forwards(self, app_label: str, state: ProjectState) -> None:
        pass

    def _recreate(self, schema_editor: BaseDatabaseSchemaEditor, model: type[Model], *, full_compact: bool) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        uninstall(schema_editor, model, self.field, "compact")
        table, column = model._meta.db_table, _column(model, self.field)
        for statement in _postgresql_statements(table, column, "compact", full_compact=full_compact):
            schema_editor.execute(statement)
        # The planner's statistics of an indexed expression are gathered with the table's: without them
        # it guesses how many rows a name finds, and may read a big table instead of the index.
        schema_editor.execute(f'ANALYZE "{table}"')

    def database_forwards(
        self, app_label: str, schema_editor: BaseDatabaseSchemaEditor, from_state: ProjectState, to_state: ProjectState
    ) -> None:
        self._recreate(schema_editor, to_state.apps.get_model(app_label, self.model_name), full_compact=False)

    def database_backwards(
        self, app_label: str, schema_editor: BaseDatabaseSchemaEditor, from_state: ProjectState, to_state: ProjectState
    ) -> None:
        self._recreate(schema_editor, from_state.apps.get_model(app_label, self.model_name), full_compact=True)

    def describe(self) -> str:
        return f"Re-create the compact search index of {self.model_name}.{self.field}"

    @property
    def migration_name_fragment(self) -> str:
        return f"{self.model_name}_{self.field}_compact_index"

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        return (self.__class__.__name__, [], {"model_name": self.model_name, "field": self.field})
