"""Back up the whole database to one file, while the app runs.

SQLite: SQLite's online backup API (`sqlite3.Connection.backup`), a consistent copy even while
others write. PostgreSQL: `pg_dump --format=custom` (restore with `manage.py restore`, or
`pg_restore`). Connection settings come from DATABASE_URL; the password is handed to the PostgreSQL
programs in their environment (PGPASSWORD), never on a command line where `ps` would show it.
"""

import glob
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper

from core.chain import chain_head

# DATABASE_URL query options (dj-database-url puts them in OPTIONS) and the libpq variables for them.
_LIBPQ_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "options": "PGOPTIONS",
}


def pg_tool(name: str) -> str:
    """A PostgreSQL client program: on PATH, or Debian's /usr/lib/postgresql/<version>/bin (the newest)."""
    found = shutil.which(name)
    if found:
        return found
    versions = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(Path(p).parts[-3]))
    if versions:
        return versions[-1]
    raise CommandError(f"{name} not found: install PostgreSQL's client programs (Debian: postgresql-client).")


def pg_environment(connection: BaseDatabaseWrapper) -> dict[str, str]:
    """The environment that points libpq programs at this connection's database."""
    settings = connection.settings_dict
    env = dict(os.environ)
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("NAME", "PGDATABASE")):
        if settings.get(key):
            env[variable] = str(settings[key])
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    for option, variable in _LIBPQ_OPTIONS.items():
        if option in settings.get("OPTIONS", {}):
            env[variable] = str(settings["OPTIONS"][option])
    return env


def run_pg(arguments: list[str], connection: BaseDatabaseWrapper) -> None:
    result = subprocess.run(arguments, env=pg_environment(connection), capture_output=True, text=True, check=False)  # noqa: S603 - a fixed program, no shell
    if result.returncode != 0:
        raise CommandError(f"{Path(arguments[0]).name} failed: {result.stderr.strip() or result.returncode}")


class Command(BaseCommand):
    help = "Back up the database to PATH (SQLite: online backup API; PostgreSQL: pg_dump custom format)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The backup file to write.")
        parser.add_argument("--force", action="store_true", help="Overwrite PATH if it exists.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        if path.exists() and not options["force"]:
            raise CommandError(f"{path} exists; pass --force to overwrite it.")
        connection = connections[options["database"]]
        head = chain_head(options["database"])
        partial = path.with_name(path.name + ".partial")
        if connection.vendor == "sqlite":
            self._sqlite(connection, partial)
        elif connection.vendor == "postgresql":
            run_pg([pg_tool("pg_dump"), "--format=custom", "--no-password", f"--file={partial}"], connection)
        else:
            raise CommandError(f"No backup for the {connection.vendor} database backend.")
        partial.replace(path)  # never a half-written file under the backup's name
        at = f"history chain head #{head.seq} {head.chain_hash}" if head else "no history links yet"
        self.stdout.write(self.style.SUCCESS(f"Backed up to {path} ({path.stat().st_size:,} bytes; {at})."))

    def _sqlite(self, connection: BaseDatabaseWrapper, target: Path) -> None:
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
