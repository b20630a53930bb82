"""The users of a load run: buyers look up and quote, auditors read the log, admins edit.

Every request's latency and outcome is recorded; every edit the server acknowledged (HTTP 302
from the admin) is remembered so the run can check that none was lost.
"""

import random
import threading
import time
from dataclasses import dataclass, field

from bench.load.client import Client, form_fields

QUOTE = {
    "entity": "kmc-telecom-iii",
    "on": "2000-06-01",
    "lines": [
        {"product": "DDM-2000 OC-3", "list_price": "1000.00", "quantity": 3},
        {"product": "PathStar Access Server", "list_price": "2500.05", "quantity": 1},
    ],
}


@dataclass
class Results:
    started: float = field(default_factory=time.monotonic)
    latencies: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)
    acknowledged: list = field(default_factory=list)
    refused_stale: int = 0
    error_page: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind, reply=None, error=None):
        with self.lock:
            if error is not None:
                self.errors.append((time.monotonic() - self.started, kind, repr(error)[:200]))
            elif reply.status >= 500:
                self.errors.append((time.monotonic() - self.started, kind, f"HTTP {reply.status}"))
                if not self.error_page and "<h1>" in reply.body:
                    self.error_page = reply.body.split("<h1>", 1)[1].split("</h1>", 1)[0]
            else:
                self.latencies.setdefault(kind, []).append(reply.seconds)


def _call(results, kind, action):
    try:
        reply = action()
    except Exception as error:  # noqa: BLE001 - every failure is a data point of the run
        results.record(kind, error=error)
        return None
    results.record(kind, reply)
    return reply


def buyer(client, results, rng):
    choice = rng.random()
    if choice < 0.3:
        _call(results, "discount lookup", lambda: client.get("/pricing/discounts/?q=DDM&on=2000-06-01"))
    elif choice < 0.55:
        _call(results, "agreement page", lambda: client.get("/contracts/1/?on=1999-11-15"))
    elif choice < 0.7:
        _call(results, "entity lookup", lambda: client.get("/contracts/entities/lookup/?name=KMC+III"))
    else:
        _call(results, "quote API", lambda: client.post_json("/api/v1/quotes/", QUOTE))


def auditor(client, results, rng):
    page = rng.randint(1, 3)
    _call(results, "audit log", lambda: client.get(f"/history/?page={page}"))


def admin_editor(entity_ids):
    def edit(client, results, rng):
        entity_id = rng.choice(entity_ids)
        path = f"/admin/contracts/legalentity/{entity_id}/change/"
        form = _call(results, "admin edit (form)", lambda: client.get(path))
        if form is None or form.status != 200:
            return
        fields = form_fields(form.body)
        token = f"load-{rng.getrandbits(48):x}"
        fields.update(note=token, change_reason=f"load test edit {token}")
        fields.pop("csrfmiddlewaretoken", None)
        reply = _call(results, "admin edit (save)", lambda: client.post_form(path, fields))
        if reply is not None and reply.status == 302:
            with results.lock:
                results.acknowledged.append((entity_id, token, time.monotonic()))
        elif reply is not None and "was changed by" in reply.body:
            with results.lock:
                results.refused_stale += 1

    return edit


def run_users(base_urls, users, seconds, results):
    """users: list of (username, password, behaviour); each user gets a thread and a server."""
    stop = time.monotonic() + seconds
    threads = []

    def loop(index, username, password, behaviour):
        rng = random.Random(index)  # noqa: S311 - load mix, not security
        client = Client(base_urls[index % len(base_urls)])
        while time.monotonic() < stop:
            try:
                client.login(username, password)
                break
            except Exception as error:  # noqa: BLE001
                results.record("login", error=error)
                time.sleep(0.5)
        while time.monotonic() < stop:
            behaviour(client, results, rng)
        client.close()

    for index, (username, password, behaviour) in enumerate(users):
        thread = threading.Thread(target=loop, args=(index, username, password, behaviour), daemon=True)
        threads.append(thread)
        thread.start()
    for thread in threads:
        thread.join(seconds + 120)
    return results


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))] if ordered else 0.0


def report(results, seconds):
    lines = [f"{'request':22} {'count':>7} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}"]
    total = 0
    for kind, values in sorted(results.latencies.items()):
        total += len(values)
        lines.append(
            f"{kind:22} {len(values):7d} {len(values) / seconds:7.1f} {percentile(values, 0.5) * 1000:8.1f} "
            f"{percentile(values, 0.95) * 1000:8.1f} {percentile(values, 0.99) * 1000:8.1f}"
        )
    lines.append(f"{'all':22} {total:7d} {total / seconds:7.1f}")
    lines.append(
        f"errors: {len(results.errors)}; acknowledged edits: {len(results.acknowledged)}; "
        f"stale edits refused (expected under contention): {results.refused_stale}"
    )
    return "\n".join(lines)


def lost_writes(database_url, results):
    """Acknowledged edits missing from the database's history (must be none).

    Which acknowledged edit is the current value depends on commit order, not on when the
    responses arrived; that the current row matches its latest history row is checked separately.
    """
    from bench.load.database import query

    lost = []
    for entity_id, token, _ in results.acknowledged:
        rows = query(
            database_url,
            "SELECT count(*) FROM contracts_historicallegalentity WHERE id = %s AND note = %s",
            (entity_id, token),
        )
        if rows[0][0] != 1:
            lost.append((entity_id, token))
    return lost
