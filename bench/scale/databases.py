"""The two databases the scale benchmarks compare, built once and kept between runs.

- small: the seed agreement alone (`load_agreement data/kmc_lucent.yaml`) with its generated purchases,
  ~820 history rows;
- large: the same seed, then `generate_portfolio --agreements N` (1,000 by default: ~970,000 history rows,
  purchases and obligations included).

Both get the same benchmark users, so every question about the seed agreement has the same ids and the
same answer in both. On SQLite they are files under var/ (`var/bench-scale.sqlite3` for the 1,000-agreement
portfolio, `var/bench-scale-<N>.sqlite3` otherwise); on PostgreSQL (DATABASE_URL set) databases named
`<database>_scale_<N>` on the same server. A database is rebuilt when it is missing or incomplete, or
with `--rebuild`; otherwise only migrated (a no-op when nothing changed), and given the rows of the apps
it lacks (a portfolio built before purchases had a generator gets its purchases and obligations added:
`bench.scale.prepare add-rows`, minutes instead of a rebuild).
"""

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from bench.load.database import with_database

ROOT = Path(__file__).resolve().parents[2]
VAR = ROOT / "var"
USERS = {"buyer": "buyers", "auditor": "auditors", "admin": "admins"}  # role → username suffix


@dataclass(frozen=True)
class Database:
    """Where one of the compared databases lives, as the environment a Django process needs."""

    agreements: int  # generated on top of the seed
    sqlite_path: Path | None = None
    url: str | None = None

    @property
    def vendor(self) -> str:
        return "sqlite" if self.sqlite_path else "postgresql"

    @property
    def label(self) -> str:
        return f"{self.agreements + 1:,} agreement{'s' if self.agreements else ''}"

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SQLITE_PATH")}
        if self.sqlite_path:
            env["SQLITE_PATH"] = str(self.sqlite_path)
        else:
            env["DATABASE_URL"] = str(self.url)
        env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
        env.update(extra)
        return env

    def django_settings(self) -> dict[str, str]:
        """The NAME (and server) the in-process benchmark switches `connections['default']` to."""
        if self.sqlite_path:
            return {"NAME": str(self.sqlite_path)}
        parts = urlsplit(str(self.url))
        return {"NAME": parts.path.lstrip("/")}


def database(agreements: int) -> Database:
    url = os.environ.get("DATABASE_URL")
    if url:
        base = urlsplit(url).path.lstrip("/") or "ledgerline"
        return Database(agreements, url=with_database(url, f"{base}_scale_{agreements}"))
    name = "bench-scale.sqlite3" if agreements == 1000 else f"bench-scale-{agreements}.sqlite3"
    return Database(agreements, sqlite_path=VAR / name)


def _fresh_postgres_database(db: Database) -> None:
    import psycopg

    name = urlsplit(str(db.url)).path.lstrip("/")
    with psycopg.connect(with_database(str(db.url), "postgres"), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def _stamp(db: Database) -> dict | None:
    """What `db` holds (`bench.scale.prepare stamp`); None when its build never finished."""
    out = _run(db, "stamp", check=False)
    if out is None:
        return None
    try:
        return json.loads(out.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return None


def _run(db: Database, command: str, *, check: bool = True, seed: int = 1) -> str | None:
    result = subprocess.run(
        [sys.executable, "-m", "bench.scale.prepare", command, str(db.agreements), str(seed)],
        cwd=ROOT,
        env=db.env(),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        if check:
            raise RuntimeError(f"bench.scale.prepare {command} failed on {db.label}:\n{result.stderr[-3000:]}")
        return None
    return result.stdout


def ensure(db: Database, *, rebuild: bool, say=print) -> dict:
    """The database ready to measure: built when missing, incomplete or asked to; returns its stamp."""
    stamp = None if rebuild else (_stamp(db) if _exists(db) else None)
    if stamp is not None and stamp.get("agreements") == db.agreements:
        stamp = json.loads(str(_run(db, "migrate")).strip().splitlines()[-1])
        if any((stamp.get("pending") or {}).values()):
            say(f"adding the apps' generated rows to the {db.label} database ({db.sqlite_path or db.url})")
            started = time.perf_counter()
            stamp = json.loads(str(_run(db, "add-rows")).strip().splitlines()[-1])
            say(f"  added in {time.perf_counter() - started:.0f} s: {stamp['history_rows']:,} history rows")
        return stamp
    say(f"building the {db.label} database ({db.sqlite_path or db.url}); 1,000 agreements take minutes")
    started = time.perf_counter()
    if db.sqlite_path:
        VAR.mkdir(exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db.sqlite_path}{suffix}").unlink(missing_ok=True)
    else:
        _fresh_postgres_database(db)
    out = _run(db, "build")
    stamp = json.loads(str(out).strip().splitlines()[-1])
    say(f"  built in {time.perf_counter() - started:.0f} s: {stamp['history_rows']:,} history rows")
    return stamp


def _exists(db: Database) -> bool:
    if db.sqlite_path:
        return db.sqlite_path.exists()
    import psycopg

    name = urlsplit(str(db.url)).path.lstrip("/")
    try:
        with psycopg.connect(with_database(str(db.url), "postgres"), autocommit=True) as connection:
            return connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None
    except psycopg.Error:
        return False
