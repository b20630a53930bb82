"""`make faulttest`: the load run, with PostgreSQL restarted in the middle.

Passes when errors happen only during the outage (plus RECOVERY_SECONDS), the error page is the
generic one, the app recovers by itself, and no acknowledged write is lost or half-written.
"""

import os
import subprocess
import sys
import threading
import time

from bench.load.loadtest import environment, inconsistent_records, user_mix
from bench.load.scenario import Results, lost_writes, report, run_users
from bench.load.servers import ROOT, Gunicorn

RECOVERY_SECONDS = float(os.environ.get("RECOVERY_SECONDS", "5"))


def restart_postgres(results, at, window):
    time.sleep(at)
    window["start"] = time.monotonic() - results.started
    subprocess.run([str(ROOT / ".ci" / "postgres-up"), "restart"], check=True)  # noqa: S603
    window["end"] = time.monotonic() - results.started


def main():
    if os.environ.get("DATABASE_URL"):
        sys.exit("faulttest restarts the throwaway cluster of .ci/postgres-up; unset DATABASE_URL")
    seconds = float(os.environ.get("LOAD_SECONDS", "40"))
    database_url, entity_ids, env = environment("ledgerline_fault")
    results, window = Results(), {}
    with Gunicorn(env, workers=3) as server:
        restarter = threading.Thread(target=restart_postgres, args=(results, seconds / 3, window))
        restarter.start()
        run_users([server.url], user_mix(entity_ids), seconds, results)
        restarter.join()
    print(report(results, seconds))
    outage_end = window["end"] + RECOVERY_SECONDS
    outside = [e for e in results.errors if not (window["start"] <= e[0] <= outage_end)]
    last_error = max((e[0] for e in results.errors), default=window["end"])
    lost = lost_writes(database_url, results)
    half = inconsistent_records(database_url)
    print(
        f"PostgreSQL restart from {window['start']:.1f}s to {window['end']:.1f}s; "
        f"errors during the outage: {len(results.errors) - len(outside)}, outside it: {len(outside)}; "
        f"last error {max(0.0, last_error - window['end']):.1f}s after the database was back"
    )
    print(f"error page during the outage: {results.error_page or 'none seen'}")
    print(f"lost writes: {len(lost)}; half-written records: {len(half)}")
    for error in outside[:10]:
        print("error outside the outage:", error)
    sys.exit(1 if outside or lost or half else 0)


if __name__ == "__main__":
    main()
