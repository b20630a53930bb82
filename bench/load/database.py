"""A throwaway database on the PostgreSQL server of DATABASE_URL (or .ci/postgres-up's)."""

import os
import subprocess
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parents[2]


def server_url():
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    return subprocess.run(
        [str(ROOT / ".ci" / "postgres-up")],
        capture_output=True,
        text=True,  # noqa: S603
        check=True,
    ).stdout.strip()


def with_database(url, name):
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def fresh_database(name):
    """Drop and create `name`; return its URL."""
    url = server_url()
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return with_database(url, name)


def query(url, sql, params=()):
    with psycopg.connect(url) as connection:
        return connection.execute(sql, params).fetchall()
