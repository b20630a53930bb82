"""`make loadtest`: gunicorn (production settings) on PostgreSQL under buyers, auditors and admins.

Bounded in time (LOAD_SECONDS, default 30), loopback only. Fails on any error or lost write.
"""

import json
import os
import subprocess
import sys

from bench.load.database import fresh_database, query
from bench.load.scenario import Results, admin_editor, auditor, buyer, lost_writes, report, run_users
from bench.load.servers import ROOT, Gunicorn, new_secret, production_env


def prepare(database_url, users_per_role=8):
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "config.settings.dev"}
    out = subprocess.run(
        [sys.executable, "-m", "bench.load.prepare", str(users_per_role)],
        cwd=ROOT,
        env=env,  # noqa: S603
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])["entities"]


def user_mix(entity_ids, buyers=6, auditors=2, admins=3):
    # Admin i edits its own entity most of the time and one shared entity sometimes (conflicts).
    users = [(f"load-buyer-{i}", f"load-load-buyer-{i}", buyer) for i in range(buyers)]
    users += [(f"load-auditor-{i}", f"load-load-auditor-{i}", auditor) for i in range(auditors)]
    shared = entity_ids[0]
    users += [
        (f"load-admin-{i}", f"load-load-admin-{i}", admin_editor([entity_ids[i + 1]] * 3 + [shared]))
        for i in range(admins)
    ]
    return users


def inconsistent_records(database_url):
    """Entities whose current row differs from their latest history row (a half-written change)."""
    return query(
        database_url,
        """
        SELECT e.id FROM contracts_legalentity e
        JOIN LATERAL (SELECT note FROM contracts_historicallegalentity h WHERE h.id = e.id
                      ORDER BY history_date DESC, history_id DESC LIMIT 1) latest ON true
        WHERE latest.note IS DISTINCT FROM e.note""",
    )


def environment(database_name):
    """A fresh database with the seed and load users, and production settings for gunicorn."""
    database_url = fresh_database(database_name)
    entity_ids = prepare(database_url)
    return database_url, entity_ids, production_env(database_url, new_secret())


def main():
    seconds = float(os.environ.get("LOAD_SECONDS", "30"))
    database_url, entity_ids, env = environment("ledgerline_load")
    with Gunicorn(env, workers=3) as server:
        results = run_users([server.url], user_mix(entity_ids), seconds, Results())
    print(report(results, seconds))
    lost = lost_writes(database_url, results)
    half = inconsistent_records(database_url)
    print(f"lost writes: {len(lost)}; half-written records: {len(half)}")
    for error in results.errors[:10]:
        print("error:", error)
    sys.exit(1 if results.errors or lost or half else 0)


if __name__ == "__main__":
    main()
