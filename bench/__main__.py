"""Run every benchmark module in bench/ against the dev database and print a table.

Each module `bench/<name>.py` defines `CASES`: a list of (label, callable) pairs; a callable gets a
logged-in Django test client per role and returns nothing. Each case runs `ROUNDS` times.
"""

import os
import pkgutil
import statistics
import sys
import time
from importlib import import_module

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "30"))


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    clients = {}
    for username in ("admin", "buyer", "auditor"):
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        clients[username] = client

    print(f"{'benchmark':58} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    failures = 0
    for module_info in sorted(pkgutil.iter_modules([os.path.dirname(__file__)]), key=lambda m: m.name):
        if module_info.name.startswith("_"):
            continue
        module = import_module(f"bench.{module_info.name}")
        for label, case in getattr(module, "CASES", []):
            timings = []
            for _ in range(ROUNDS):
                start = time.perf_counter()
                case(clients)
                timings.append((time.perf_counter() - start) * 1000)
            timings.sort()
            p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
            target = getattr(module, "TARGET_P95_MS", {}).get(label)
            verdict = "" if target is None else ("ok" if p95 <= target else f"SLOW (target {target} ms)")
            failures += verdict.startswith("SLOW")
            print(
                f"{module_info.name + ': ' + label:58} {statistics.median(timings):8.1f} {p95:8.1f} "
                f"{timings[-1]:8.1f} {verdict}"
            )
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
