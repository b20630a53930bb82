"""The migration operations of the search indexes: `AddTextSearchIndex` adds a field's index of a kind,
`RecreateCompactIndex` re-creates a compact one with the key this code asks. Neither changes model
state: an index on an expression (or a SQLite FTS5 table) is no field of the model.

Migrations import them from `core.search`.
"""

from typing import Any

from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.operations.base import Operation
from django.db.migrations.state import ProjectState
from django.db.models import Model

from core.search.indexes import Kind, field_column, install, postgresql_statements, uninstall


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
        table, column = model._meta.db_table, field_column(model, self.field)
        for statement in postgresql_statements(table, column, "compact", full_compact=full_compact):
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
