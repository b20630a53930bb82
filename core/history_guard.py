"""History tables are append-only: the database itself refuses UPDATE and DELETE on them.

Installed by a migration and re-checked after every `migrate` (tables of models added later are
covered too). On PostgreSQL one trigger function serves every table; SQLite gets two triggers per
table. Consequence: users are deactivated, never deleted (deleting one would null its history rows).
"""

from django.apps.registry import Apps
from django.db import connection as default_connection
from django.db.backends.base.base import BaseDatabaseWrapper

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION ledgerline_history_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'history is append-only: % on % refused', TG_OP, TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql
"""


def history_tables(apps: Apps) -> list[str]:
    """The history tables of every audited model (`core.history.audited_models`) that `apps` knows.

    `apps` may be a migration state: its models have no `history` descriptor, so the tables come
    from the running registry and are kept only where the state has them too.
    """
    from core.history import audited_models

    known = {model._meta.db_table for model in apps.get_models()}
    tables = [model.history.model._meta.db_table for model in audited_models()]  # type: ignore[attr-defined]
    return sorted(table for table in tables if table in known)


def _statements(vendor: str, table: str) -> list[str]:
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
            f'CREATE TRIGGER IF NOT EXISTS "{table}_no_{op.lower()}" BEFORE {op} ON "{table}" '
            f"BEGIN SELECT RAISE(ABORT, 'history is append-only: {op} on {table} refused'); END"
            for op in ("UPDATE", "DELETE")
        ]
    return []


def install_history_guards(apps: Apps, connection: BaseDatabaseWrapper = default_connection) -> None:
    tables = [t for t in history_tables(apps) if t in connection.introspection.table_names()]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(PG_FUNCTION)
        for table in tables:
            for statement in _statements(connection.vendor, table):
                cursor.execute(statement)


def remove_history_guards(apps: Apps, connection: BaseDatabaseWrapper = default_connection) -> None:
    """Only for test teardown: flushing a test database (DELETE or TRUNCATE) must empty history too."""
    tables = [t for t in history_tables(apps) if t in connection.introspection.table_names()]
    with connection.cursor() as cursor:
        for table in tables:
            if connection.vendor == "postgresql":
                for name in ("append_only", "no_truncate"):
                    cursor.execute(f'DROP TRIGGER IF EXISTS "{table}_{name}" ON "{table}"')
            else:
                for op in ("update", "delete"):
                    cursor.execute(f'DROP TRIGGER IF EXISTS "{table}_no_{op}"')
