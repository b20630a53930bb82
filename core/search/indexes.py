# ruff: noqa: S608  # identifiers come from model metadata, never from input
"""The search indexes of a field, by kind (`Kind`), created and dropped by `install` and `uninstall`
(through the migration operations of `core.search.operations`).

Both databases can index substrings by trigrams (every run of three characters): PostgreSQL with a
pg_trgm GIN index, which serves `LIKE '%…%'` itself; SQLite with an FTS5 table using the trigram
tokenizer (SQLite ≥ 3.34), kept in step with the table by triggers and asked with `MATCH`.

- **substring**: the column as written;
- **compact**: its compact key (`core.search.compact`), indexed as an expression on PostgreSQL and kept
  compacted in the FTS5 table on SQLite;
- **words**: full-text search of long texts (a provision): PostgreSQL's `to_tsvector('english', …)` in
  a GIN index (the expression `SearchVector` writes, so the planner uses it), SQLite's FTS5 with the
  Porter stemmer.
"""

import hashlib
import re
from typing import Literal

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.models import Model

from core.search.compact import compact_sql, postgresql_compact_sql

# The full-text configuration of PostgreSQL; SQLite's Porter stemmer is its counterpart.
TEXT_CONFIG = "english"

Kind = Literal["substring", "compact", "words"]
SUFFIXES: dict[str, tuple[str, str]] = {
    # kind: (SQLite FTS table suffix, PostgreSQL index suffix)
    "substring": ("fts", "trgm"),
    "compact": ("cfts", "ctrgm"),
    "words": ("wfts", "tsv"),
}
_TOKENIZERS = {"substring": "trigram", "compact": "trigram", "words": "porter unicode61"}


def index_name(table: str, column: str, suffix: str) -> str:
    """An identifier within PostgreSQL's 63 characters, stable for the same table and column."""
    name = f"{table}_{column}_{suffix}"
    if len(name) <= 63:
        return name
    digest = hashlib.sha256(name.encode()).hexdigest()[:8]
    return f"{name[: 63 - len(suffix) - 10]}_{digest}_{suffix}"


def field_column(model: type[Model], field: str) -> str:
    column = model._meta.get_field(field).column  # type: ignore[union-attr]  # a concrete field, never a relation
    assert column is not None
    return column


def _sqlite_statements(table: str, column: str, pk: str, kind: Kind) -> list[str]:
    fts = index_name(table, column, SUFFIXES[kind][0])
    return [
        f'CREATE VIRTUAL TABLE "{fts}" USING fts5("{column}", content="{table}", content_rowid="{pk}", '
        f'tokenize="{_TOKENIZERS[kind]}")',
        *_sqlite_sync(fts, table, column, pk),
    ]


def _kind_of(fts: str) -> Kind:
    for kind, (suffix, _) in SUFFIXES.items():
        if kind != "substring" and fts.endswith(f"_{suffix}"):
            return kind  # type: ignore[return-value]  # a key of SUFFIXES
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


def postgresql_statements(table: str, column: str, kind: Kind, *, full_compact: bool = False) -> list[str]:
    """`full_compact`: the compact key as every column's was indexed before `RecreateCompactIndex`."""
    index = index_name(table, column, SUFFIXES[kind][1])
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
    table, column = model._meta.db_table, field_column(model, field)
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        statements = _sqlite_statements(table, column, model._meta.pk.column, kind)
    elif vendor == "postgresql":
        statements = postgresql_statements(table, column, kind)
    else:
        statements = []  # another database: the queries scan, as any LIKE does
    for statement in statements:
        schema_editor.execute(statement)


def uninstall(
    schema_editor: BaseDatabaseSchemaEditor, model: type[Model], field: str, kind: Kind = "substring"
) -> None:
    table, column = model._meta.db_table, field_column(model, field)
    vendor = schema_editor.connection.vendor
    sqlite_suffix, postgresql_suffix = SUFFIXES[kind]
    if vendor == "sqlite":
        fts = index_name(table, column, sqlite_suffix)
        for suffix in ("ai", "ad", "au"):
            schema_editor.execute(f'DROP TRIGGER IF EXISTS "{fts}_{suffix}"')
        schema_editor.execute(f'DROP TABLE IF EXISTS "{fts}"')
    elif vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{index_name(table, column, postgresql_suffix)}"')
