"""The results as one table, pass or fail per target, with the machine and the date; kept in a file."""

import os
import platform
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bench.scale.databases import ROOT, Database


@dataclass
class Row:
    measure: str
    value: str
    target: str
    ok: bool
    detail: str = ""

    def cells(self) -> list[str]:
        return [self.measure, self.value, self.target, "pass" if self.ok else "**FAIL**", self.detail]


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _database_version(db: Database) -> str:
    if db.sqlite_path:
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    import psycopg

    with psycopg.connect(str(db.url)) as connection:
        return "PostgreSQL " + str(connection.execute("SHOW server_version").fetchone()[0])


def _commit() -> str:
    def git(*args: str) -> str:  # git from PATH, as a developer runs it
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()  # noqa: S607

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    return f"{commit} with uncommitted changes" if git("status", "--porcelain") else commit


def machine(db: Database) -> str:
    import django

    return (
        f"{platform.node()}: {_cpu()}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}, "
        f"load average {os.getloadavg()[0]:.1f} at the end; "
        f"Python {platform.python_version()}, Django {django.get_version()}, {_database_version(db)}; "
        f"commit {_commit()}"
    )


def table(rows: list[Row]) -> str:
    header = ["measure", "value", "target", "result", "detail"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell.replace("|", "/") for cell in row.cells()) + " |" for row in rows]
    return "\n".join(lines)


def write(rows: list[Row], *, small: Database, large: Database, stamps: dict, settings: str) -> Path:
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    path = ROOT / "var" / f"bench-scale-{large.vendor}.md"
    text = [
        f"# make bench-scale on {large.vendor}, {now}",
        "",
        f"Machine: {machine(large)}.",
        "",
        f"Small: {small.label} ({stamps['small']['history_rows']:,} history rows). "
        f"Large: {large.label} ({stamps['large']['history_rows']:,} history rows"
        + (
            f", generated in {stamps['large']['generation_seconds']} s"
            if stamps["large"].get("generation_seconds")
            else ""
        )
        + f"). {settings}",
        "",
        table(rows),
        "",
    ]
    path.parent.mkdir(exist_ok=True)
    path.write_text("\n".join(text))
    return path
