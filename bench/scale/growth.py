"""Growth of p50 from the small database to the large one, measured in one process, alternating.

Django runs once (dev settings, DEBUG off) with two connections for the alias "default": one to each
database. Before each request the benchmark installs the connection of the side it asks
(`connections["default"] = ...`), so every case is asked of the small and the large database in turn,
through Django's test Client and the whole middleware stack, and what the machine does in the
meantime falls on both sides alike. Each side has its own logged-in clients (sessions live in the
database). The order alternates every round; the first two rounds warm up and are not counted.
"""

import statistics
import time
from dataclasses import dataclass

from bench.scale.cases import Case, SeedIds, seed_ids
from bench.scale.databases import Database
from bench.scale.prepare import username

WARMUP = 2
MIN_ROUNDS = 5
BUDGET_SECONDS = 40  # per case and side: slow cases stop after MIN_ROUNDS once they have spent it


@dataclass
class Side:
    name: str
    connection: object
    clients: dict
    ids: SeedIds
    timings: dict
    queries: dict
    sizes: dict
    statuses: dict


@dataclass
class Growth:
    case: Case
    small_ms: float
    large_ms: float
    small_queries: int
    large_queries: int
    small_bytes: int
    large_bytes: int
    rounds: int
    error: str = ""

    @property
    def ratio(self) -> float:
        return self.large_ms / self.small_ms if self.small_ms else float("inf")


def setup_django(small: Database) -> None:
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    os.environ.pop("DATABASE_URL", None)
    os.environ.update({k: v for k, v in small.env().items() if k in ("DATABASE_URL", "SQLITE_PATH")})
    import django
    from django.conf import settings

    # No query log, no debug templates, as production runs; the API's per-user rate limits off, as in
    # the test settings (see bench/scale/app.py): a benchmark asks hundreds of times a minute as one user.
    settings.DEBUG = False
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"user": None, "anon": None}}
    django.setup()


def _side(name: str, connection) -> Side:
    from django.contrib.auth import get_user_model
    from django.db import connections
    from django.test import Client

    connections["default"] = connection
    clients = {}
    for role in ("buyer", "auditor", "admin"):
        client = Client()
        client.force_login(get_user_model().objects.get(username=username(role)))
        clients[role] = client
    return Side(name, connection, clients, seed_ids(), {}, {}, {}, {})


def sides(small: Database, large: Database) -> tuple[Side, Side]:
    from django.db import connections

    first = connections["default"]
    second = type(first)({**first.settings_dict, **large.django_settings()}, alias="default")
    return _side("small", first), _side("large", second)


def _ask(side: Side, case: Case):
    from django.db import connections

    connections["default"] = side.connection
    client = side.clients[case.role]
    url = case.url(side.ids)
    if case.body is not None:
        return client.post(url, case.body, content_type="application/json")
    return client.get(url)


def _count_queries(side: Side, case: Case) -> None:
    from django.db import connections
    from django.test.utils import CaptureQueriesContext

    connections["default"] = side.connection  # before capturing: the capture is set on this connection
    with CaptureQueriesContext(side.connection) as captured:
        response = _ask(side, case)
    side.queries[case.key] = len(captured)
    side.sizes[case.key] = len(response.content)
    side.statuses[case.key] = response.status_code


def measure(case: Case, small: Side, large: Side, rounds: int) -> Growth:
    for side in (small, large):
        _count_queries(side, case)
        side.timings[case.key] = []
    bad = [f"{s.name}: HTTP {s.statuses[case.key]}" for s in (small, large) if s.statuses[case.key] >= 400]
    if bad:
        return Growth(case, 0, 0, 0, 0, 0, 0, 0, error=", ".join(bad))
    done = 0
    for number in range(WARMUP + rounds):
        for side in (small, large) if number % 2 == 0 else (large, small):
            started = time.perf_counter()
            status = _ask(side, case).status_code
            if number >= WARMUP:
                side.timings[case.key].append((time.perf_counter() - started) * 1000)
            if status != side.statuses[case.key]:
                return Growth(case, 0, 0, 0, 0, 0, 0, 0, error=f"{side.name}: HTTP {status} in round {number}")
        done = max(0, number + 1 - WARMUP)
        spent = sum(large.timings[case.key]) / 1000
        if done >= MIN_ROUNDS and spent > BUDGET_SECONDS:
            break
    return Growth(
        case,
        statistics.median(small.timings[case.key]),
        statistics.median(large.timings[case.key]),
        small.queries[case.key],
        large.queries[case.key],
        small.sizes[case.key],
        large.sizes[case.key],
        done,
    )
