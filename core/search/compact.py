"""The compact key: a text lower-cased with spaces and punctuation removed (`compact_sql`), so "oc12",
"OC-12" and "OC 12" are one key; `compact_key` is the same key of a query's text, in Python.

A compact index (`AddTextSearchIndex(..., kind="compact")`) is an index on an expression, not a stored
column: nothing to keep in step on save, no backfill to forget, and it serves raw columns (a release "as
written") as well as normalized names. PostgreSQL indexes the expression with pg_trgm; SQLite keeps the
compacted text in an FTS5 trigram table fed by the triggers (`core.search.indexes`). A normalized name
(`NORMALIZED_COLUMN`) is lower-case letters and digits already: PostgreSQL keys it by removing its spaces
alone, the same key in one call instead of fifteen (`postgresql_compact_sql`).

Query-side splitting at letter/digit boundaries was the alternative; it cannot tell "5ESS-2000" from
"5ESS2000" without guessing, whereas removing every separator on both sides needs no guess.
"""

from django.db.models import CharField, Func

# Removed from both sides of a compact comparison. No quote among them: they are written into SQL.
_COMPACT_REMOVED = " -./,():;&+_#*"
# A column of this name holds `contracts.names.normalize_name`'s output (each model with one writes it on
# save): lower-case letters and digits, single-spaced. Its compact key is its text without the spaces, and
# PostgreSQL indexes and asks it as that one REPLACE (`postgresql_compact_sql`): a trigram index rechecks
# each row it finds against the indexed expression, and the full key's fifteen calls cost a microsecond a
# row, most of the discount lookup's time when "5ESS" names 3,000 products across a thousand agreements.
NORMALIZED_COLUMN = "normalized_name"


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
