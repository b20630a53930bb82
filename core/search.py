# ruff: noqa: S608, S611  # identifiers come from model metadata, never from input; search text is a parameter
"""Substring search served by an index, on PostgreSQL and on SQLite alike.

`name LIKE '%5ess%'` reads every row: fine for one agreement's 300 products, 20× slower for a
portfolio's 300,000. Both databases can index substrings by trigrams (every run of three characters):
PostgreSQL with a pg_trgm GIN index, which serves `LIKE '%…%'` itself; SQLite with an FTS5 table using
the trigram tokenizer (SQLite ≥ 3.34), kept in step with the table by triggers and asked with `MATCH`.

A field gets the index through the migration operation `AddTextSearchIndex`; queries go through
`contains()`. Texts shorter than three characters have no trigram to look up: they fall back to a scan,
which is acceptable because such a query is rare and capped by pagination.
"""

import hashlib
import re
from typing import Any, TypeVar

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.operations.base import Operation
from django.db.migrations.state import ProjectState
from django.db.models import Model, QuerySet
from django.db.models.expressions import RawSQL

MIN_INDEXED_LENGTH = 3

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


def _sqlite_statements(table: str, column: str, pk: str) -> list[str]:
    fts = _name(table, column, "fts")
    return [
        f'CREATE VIRTUAL TABLE "{fts}" USING fts5("{column}", content="{table}", content_rowid="{pk}", '
        'tokenize="trigram")',
        *_sqlite_sync(fts, table, column, pk),
    ]


def _sqlite_sync(fts: str, table: str, column: str, pk: str) -> list[str]:
    """The triggers that keep the FTS table in step with `table`, then a rebuild from the table's rows."""
    return [
        *(f'DROP TRIGGER IF EXISTS "{fts}_{suffix}"' for suffix in ("ai", "ad", "au")),
        f'CREATE TRIGGER "{fts}_ai" AFTER INSERT ON "{table}" BEGIN '
        f'INSERT INTO "{fts}"(rowid, "{column}") VALUES (new."{pk}", new."{column}"); END',
        f'CREATE TRIGGER "{fts}_ad" AFTER DELETE ON "{table}" BEGIN '
        f'INSERT INTO "{fts}"("{fts}", rowid, "{column}") VALUES (\'delete\', old."{pk}", old."{column}"); END',
        f'CREATE TRIGGER "{fts}_au" AFTER UPDATE OF "{column}", "{pk}" ON "{table}" BEGIN '
        f'INSERT INTO "{fts}"("{fts}", rowid, "{column}") VALUES (\'delete\', old."{pk}", old."{column}"); '
        f'INSERT INTO "{fts}"(rowid, "{column}") VALUES (new."{pk}", new."{column}"); END',
        f'INSERT INTO "{fts}"("{fts}") VALUES (\'rebuild\')',
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


def _postgresql_statements(table: str, column: str) -> list[str]:
    return [
        # pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
        "CREATE EXTENSION IF NOT EXISTS pg_trgm",
        f'CREATE INDEX IF NOT EXISTS "{_name(table, column, "trgm")}" ON "{table}" USING gin ("{column}" gin_trgm_ops)',
    ]


def install(schema_editor: BaseDatabaseSchemaEditor, model: type[Model], field: str) -> None:
    """Index `model.field` for substring search on the editor's database."""
    table, column = model._meta.db_table, _column(model, field)
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        statements = _sqlite_statements(table, column, model._meta.pk.column)
    elif vendor == "postgresql":
        statements = _postgresql_statements(table, column)
    else:
        statements = []  # another database: `contains` scans, as any LIKE does
    for statement in statements:
        schema_editor.execute(statement)


def uninstall(schema_editor: BaseDatabaseSchemaEditor, model: type[Model], field: str) -> None:
    table, column = model._meta.db_table, _column(model, field)
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        fts = _name(table, column, "fts")
        for suffix in ("ai", "ad", "au"):
            schema_editor.execute(f'DROP TRIGGER IF EXISTS "{fts}_{suffix}"')
        schema_editor.execute(f'DROP TABLE IF EXISTS "{fts}"')
    elif vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{_name(table, column, "trgm")}"')


def contains(queryset: QuerySet[_M], text: str, field: str = "normalized_name") -> QuerySet[_M]:
    """The rows of `queryset` whose `field` contains `text` as written (the caller normalizes both sides)."""
    vendor = connections[queryset.db].vendor
    if vendor == "sqlite" and len(text) >= MIN_INDEXED_LENGTH:
        model = queryset.model
        fts = _name(model._meta.db_table, _column(model, field), "fts")
        # A quoted FTS5 string is a phrase: its trigrams in sequence, i.e. the substring itself.
        phrase = '"' + text.replace('"', '""') + '"'
        matching = RawSQL(f'SELECT rowid FROM "{fts}" WHERE "{fts}" MATCH %s', [phrase])
        return queryset.filter(pk__in=matching)
    return queryset.filter(**{f"{field}__contains": text})


class AddTextSearchIndex(Operation):
    """Migration operation: index `model_name.field` for `contains()`. Changes no model state."""

    reversible = True
    reduces_to_sql = True

    def __init__(self, model_name: str, field: str) -> None:
        self.model_name = model_name
        self.field = field

    def state_forwards(self, app_label: str, state: ProjectState) -> None:
        pass

    def database_forwards(
        self, app_label: str, schema_editor: BaseDatabaseSchemaEditor, from_state: ProjectState, to_state: ProjectState
    ) -> None:
        install(schema_editor, to_state.apps.get_model(app_label, self.model_name), self.field)

    def database_backwards(
        self, app_label: str, schema_editor: BaseDatabaseSchemaEditor, from_state: ProjectState, to_state: ProjectState
    ) -> None:
        uninstall(schema_editor, from_state.apps.get_model(app_label, self.model_name), self.field)

    def describe(self) -> str:
        return f"Index {self.model_name}.{self.field} for substring search"

    @property
    def migration_name_fragment(self) -> str:
        return f"{self.model_name}_{self.field}_text_search"

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        return (self.__class__.__name__, [], {"model_name": self.model_name, "field": self.field})
