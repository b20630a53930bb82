"""History tables are append-only: the database itself refuses UPDATE and DELETE on them.

Installed by a migration and re-checked after every `migrate` (tables of models added later are
covered too). Guarded: every audited model's history table, the tables of the many-to-many rows
recorded with users and groups, and the hash chain (`core.HistoryLink`). On PostgreSQL one trigger
function serves every table (row triggers for UPDATE and DELETE, a statement trigger for TRUNCATE);
SQLite gets three triggers per table: UPDATE, DELETE, and an INSERT that would replace a row
(`INSERT OR REPLACE`, `REPLACE INTO`: SQLite deletes the old row without firing DELETE triggers
unless `PRAGMA recursive_triggers` is on, which is per connection and not up to us for a connection
someone else opens). Consequence: users are deactivated, never deleted (deleting one would null its
history rows).

Triggers stop application bugs and careless hands, not someone who owns the database: they can drop
them. That is what the hash chain (`core.chain`, `core.tamper`) is for.
"""

from django.apps.registry import Apps
from django.db import connection as default_connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model, UniqueConstraint

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION ledgerline_history_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'history is append-only: % on % refused', TG_OP, TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql
"""
SQLITE_OPERATIONS = ("update", "delete", "replace")


def _guarded_models() -> list[type[Model]]:
    from core.history import audited_models, history_model, m2m_history_models
    from core.models import HistoryLink

    models: list[type[Model]] = [HistoryLink]
    for model in audited_models():
        history = history_model(model)
        models.append(history)
        models.extend(m2m_model for _, m2m_model in m2m_history_models(history))
    return models


def history_tables(apps: Apps) -> list[str]:
    """The append-only tables (see the module docstring) that `apps` knows.

    `apps` may be a migration state: its models have no `history` descriptor, so the tables come
    from the running registry and are kept only where the state has them too.
    """
    known = {model._meta.db_table for model in apps.get_models()}
    return sorted(model._meta.db_table for model in _guarded_models() if model._meta.db_table in known)


def _unique_keys(model: type[Model]) -> list[list[str]]:
    """The column sets an insert could collide on (and so REPLACE a row by)."""
    pk = model._meta.pk
    assert pk is not None
    keys = [[pk.column]]
    keys += [[field.column] for field in model._meta.concrete_fields if field.unique and not field.primary_key]
    for constraint in model._meta.constraints:
        if isinstance(constraint, UniqueConstraint) and constraint.fields and constraint.condition is None:
            keys.append([model._meta.get_field(name).column for name in constraint.fields])  # type: ignore[union-attr,misc]
    return keys


def _sqlite_replace_guard(model: type[Model]) -> str:
    table = model._meta.db_table
    collides = " OR ".join(
        "(" + " AND ".join(f'"{column}" = NEW."{column}"' for column in key) + ")" for key in _unique_keys(model)
    )
    # Table and column names come from the models.
    collision = f'SELECT 1 FROM "{table}" WHERE {collides}'  # noqa: S608
    return (
        f'CREATE TRIGGER IF NOT EXISTS "{table}_no_replace" BEFORE INSERT ON "{table}" WHEN EXISTS ({collision}) '
        f"BEGIN SELECT RAISE(ABORT, 'history is append-only: REPLACE on {table} refused'); END"
    )


def _statements(vendor: str, model: type[Model]) -> list[str]:
    table = model._meta.db_table
    if vendor == "postgresql":
        return [
            f'DROP TRIGGER IF EXISTS "{table}_append_only" ON "{table}"',
            f'CREATE TRIGGER "{table}_append_only" BEFORE UPDATE OR DELETE ON "{table}" '
            "FOR EACH ROW EXECUTE FUNCTION ledgerline_history_append_only()",
            # Row triggers do not fire on TRUNCATE; a statement trigger does.
            f'DROP TRIGGER IF EXISTS "{table}_no_truncate" ON "{table}"',
            f'CREATE TRIGGER "{table}_no_truncate" BEFORE TRUNCATE ON "{table}" '
            "FOR EACH STATEMENT EXECUTE FUNCTION ledgerline_history_append_only()",
        ]
    if vendor == "sqlite":
        return [
            *(
                f'CREATE TRIGGER IF NOT EXISTS "{table}_no_{op}" BEFORE {op.upper()} ON "{table}" '
                f"BEGIN SELECT RAISE(ABORT, 'history is append-only: {op.upper()} on {table} refused'); END"
                for op in ("update", "delete")
            ),
            _sqlite_replace_guard(model),
        ]
    return []


def _present(apps: Apps, connection: BaseDatabaseWrapper) -> list[type[Model]]:
    tables = set(history_tables(apps)) & set(connection.introspection.table_names())
    return [model for model in _guarded_models() if model._meta.db_table in tables]


def install_history_guards(apps: Apps, connection: BaseDatabaseWrapper = default_connection) -> None:
    models = _present(apps, connection)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(PG_FUNCTION)
        for model in models:
            for statement in _statements(connection.vendor, model):
                cursor.execute(statement)


def remove_history_guards(apps: Apps, connection: BaseDatabaseWrapper = default_connection) -> None:
    """Only for test teardown (flushing a test database must empty history too) and for tests that
    play someone who owns the database."""
    models = _present(apps, connection)
    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            if connection.vendor == "postgresql":
                for name in ("append_only", "no_truncate"):
                    cursor.execute(f'DROP TRIGGER IF EXISTS "{table}_{name}" ON "{table}"')
            else:
                for op in SQLITE_OPERATIONS:
                    cursor.execute(f'DROP TRIGGER IF EXISTS "{table}_no_{op}"')
