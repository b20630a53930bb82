"""Restore a backup made by `manage.py backup`, then verify the history.

Refuses to overwrite a database that already has tables unless `--force`. SQLite: the backup is
copied into the database with the online backup API. PostgreSQL: `pg_restore --clean --if-exists`
in one transaction (a failed restore leaves the database as it was). Stop the app servers first:
a restore replaces the data under them.
"""

import sqlite3
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper

from core.management.commands.backup import pg_tool, run_pg
from core.tamper import record_verification, verify_history


class Command(BaseCommand):
    help = "Restore the database from a backup made by `manage.py backup`, then verify the history."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The backup file.")
        parser.add_argument("--force", action="store_true", help="Replace a database that already has tables.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"No backup file at {path}.")
        connection = connections[options["database"]]
        tables = connection.introspection.table_names()
        if tables and not options["force"]:
            raise CommandError(
                f"The database is not empty ({len(tables)} tables); restoring replaces all of it. "
                "Pass --force to do that (stop the app servers first)."
            )
        if connection.vendor == "sqlite":
            self._sqlite(connection, path)
        elif connection.vendor == "postgresql":
            connection.close()  # hold no locks on what pg_restore drops and recreates
            run_pg(
                [pg_tool("pg_restore"), "--clean", "--if-exists", "--single-transaction", "--no-owner", "--no-password",
                 f"--dbname={connection.settings_dict['NAME']}", str(path)],
                connection,
            )  # fmt: skip
        else:
            raise CommandError(f"No restore for the {connection.vendor} database backend.")
        connection.close()
        report = verify_history(using=options["database"])
        record_verification(report, checked_by=f"manage.py restore {path.name}", using=options["database"])
        for problem in report.problems:
            self.stderr.write(str(problem))
        if not report.ok:
            raise CommandError(
                f"Restored from {path}, but the history does not verify: {report.problem_count} problems."
            )
        head = f"head #{report.head.seq} {report.head.chain_hash}" if report.head else "no links"
        self.stdout.write(self.style.SUCCESS(f"Restored from {path}; history verified ({report.links} links, {head})."))

    def _sqlite(self, connection: BaseDatabaseWrapper, path: Path) -> None:
        source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            if not source.execute("SELECT 1 FROM sqlite_master WHERE name = 'django_migrations'").fetchone():
                raise CommandError(f"{path} is not a Ledgerline SQLite backup.")
            connection.close()
            connection.ensure_connection()
            source.backup(connection.connection)
        except sqlite3.DatabaseError as exc:
            raise CommandError(f"{path} is not an SQLite backup: {exc}") from exc
        finally:
            source.close()
