"""Throughput under gunicorn against the bare view, and peak worker memory, both as ratios of one run.

Throughput: the app and the bare baseline (`bench.scale.bare`) run side by side on the large database,
same gunicorn settings; `CONCURRENCY` logged-in clients ask one case as fast as they can for a burst,
then the bare view for a burst, alternating `REPEATS` times. The ratio is app requests per second over
bare requests per second.

Memory: the app on the small database and on the large one gets the same mix (every case, from
`CONCURRENCY` clients at once); the ratio is the largest worker's peak resident set (VmHWM) on the large
database over the same figure on the small one.
"""

import http.client
import threading
import time
from dataclasses import dataclass

from bench.load.client import Client
from bench.scale.cases import CASES, Case, SeedIds
from bench.scale.databases import Database
from bench.scale.prepare import PASSWORD, username
from bench.scale.servers import Server

CONCURRENCY = 6
REPEATS = 2
MIX_ROUNDS = 3


@dataclass
class Throughput:
    case: Case
    app_rps: float
    bare_rps: float
    errors: list

    @property
    def ratio(self) -> float:
        return self.app_rps / self.bare_rps if self.bare_rps else 0.0


def _clients(server: Server, role: str | None, count: int) -> list[Client]:
    clients = []
    for _ in range(count):
        client = Client(server.url, timeout=120)
        if role:
            client.login(username(role), PASSWORD.format(role=role))
        clients.append(client)
    return clients


def _send(client: Client, case: Case | None, ids: SeedIds | None):
    """One request; sent again once when the server had closed the idle keep-alive connection."""
    try:
        return _send_once(client, case, ids)
    except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
        return _send_once(client, case, ids)


def _send_once(client: Client, case: Case | None, ids: SeedIds | None):
    if case is None:
        return client.get("/bare/")
    assert ids is not None
    if case.body is not None:
        return client.post_json(case.url(ids), case.body)
    return client.get(case.url(ids))


def _burst(clients: list[Client], case: Case | None, ids: SeedIds | None, seconds: float) -> tuple[int, float, list]:
    """Requests answered with 2xx by all clients together in `seconds`, the time taken, and any errors."""
    stop = time.monotonic() + seconds
    done = [0] * len(clients)
    errors: list = []

    def loop(index: int, client: Client) -> None:
        while time.monotonic() < stop:
            try:
                reply = _send(client, case, ids)
            except Exception as error:  # noqa: BLE001 - counted, not fatal
                errors.append(repr(error)[:200])
                continue
            if 200 <= reply.status < 300:
                done[index] += 1
            else:
                errors.append(f"HTTP {reply.status}")

    started = time.monotonic()
    threads = [threading.Thread(target=loop, args=(i, c), daemon=True) for i, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done), time.monotonic() - started, errors


def measure_throughput(
    large: Database, ids: SeedIds, seconds: float, cases: list[Case] = CASES, *, keep_answers: bool = True, say=print
) -> list[Throughput]:
    """With `keep_answers` the app keeps API answers by data version (`core.answers`), as in production, so
    the same question asked again is answered from memory; without, every request computes its answer."""
    results = []
    app_server = Server(large, keep_answers=keep_answers)
    with app_server as app, Server(large, "bench.scale.bare:application", "/bare/") as bare:
        bare_clients = _clients(bare, None, CONCURRENCY)
        for case in [c for c in cases if c.throughput is not None]:
            app_clients = _clients(app, case.role, CONCURRENCY)
            _burst(app_clients, case, ids, 1)  # warm-up: caches, connections
            _burst(bare_clients, None, None, 1)
            totals = {"app": [0, 0.0], "bare": [0, 0.0]}
            errors: list = []
            for _ in range(REPEATS):
                for side, clients, asked in (("app", app_clients, case), ("bare", bare_clients, None)):
                    count, took, failed = _burst(clients, asked, ids, seconds)
                    totals[side][0] += count
                    totals[side][1] += took
                    errors += failed
            result = Throughput(
                case, totals["app"][0] / totals["app"][1], totals["bare"][0] / totals["bare"][1], errors[:5]
            )
            say(f"  {case.label}: {result.app_rps:.1f} vs {result.bare_rps:.1f} req/s ({result.ratio:.2f}x)")
            results.append(result)
            for client in app_clients:
                client.close()
    return results


@dataclass
class Memory:
    small_mb: float
    large_mb: float
    errors: list

    @property
    def ratio(self) -> float:
        return self.large_mb / self.small_mb


def _mix(server: Server, ids: SeedIds) -> list:
    """Every case, MIX_ROUNDS times, from CONCURRENCY clients at once (three release boards at a time and the like)."""
    errors: list = []
    for case in CASES:
        clients = _clients(server, case.role, CONCURRENCY)
        for _ in range(MIX_ROUNDS):
            threads = []
            for client in clients:
                thread = threading.Thread(
                    target=lambda c=client, asked=case: errors.append(_status(c, asked, ids)), daemon=True
                )
                threads.append(thread)
                thread.start()
            for thread in threads:
                thread.join()
        for client in clients:
            client.close()
    return [error for error in errors if error]


def _status(client: Client, case: Case, ids: SeedIds) -> str:
    try:
        reply = _send(client, case, ids)
    except Exception as error:  # noqa: BLE001
        return f"{case.key}: {error!r}"[:200]
    return "" if reply.status < 400 else f"{case.key}: HTTP {reply.status}"


def measure_memory(small: Database, large: Database, ids: dict[str, SeedIds]) -> Memory:
    peaks, errors = {}, []
    for name, db in (("small", small), ("large", large)):
        with Server(db) as server:
            errors += _mix(server, ids[name])
            peaks[name] = server.peak_worker_rss_mb()
    return Memory(peaks["small"], peaks["large"], errors[:5])
