"""Narrowed suggestions (`core.autocomplete`, "forward") at portfolio scale (issue 11).

The suggestion boxes and the forms that resolve what was typed in them are asked about the seed
agreement, first with the seed alone, then with a generated portfolio of `PORTFOLIO` more agreements,
in one transaction rolled back at the end:
- every question sends the same number of queries at both sizes (SQLite and PostgreSQL);
- narrowed answers stay narrowed: the seed's amendment 3 only, the seed's Customers only;
- on PostgreSQL, every SELECT is explained (after ANALYZE, with `enable_seqscan = off`, as in
  tests/ledger/test_index_usage.py) and none reads a big table (one that grows with the portfolio)
  with a sequential scan.
"""

import json
from dataclasses import dataclass, field

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ledger.portfolio import generate_portfolio
from tests.conftest import ROLE_GROUPS, refresh_planner_statistics
from tests.ledger.test_index_usage import _big_tables
from tests.ledger.test_scale import _load_seed

pytestmark = pytest.mark.django_db

PORTFOLIO = 50
SEED = "LNM970313MP"
ON = "2000-03-01"


def _suggest(source: str, **params: str) -> tuple[str, str, dict[str, str]]:
    return ("auditor", f"/autocomplete/{source}/", params)


# name: (role, path, query string)
QUESTIONS = {
    "amendment 3 of the agreement": _suggest("amendment", q="3", agreement=SEED),
    "amendments of the agreement, by title": _suggest("amendment", q="Amendment", agreement=SEED),
    "amendments of the agreement, nothing typed": _suggest("amendment", q="", agreement=SEED),
    "amendment by key": _suggest("amendment", q=f"{SEED}/3"),
    "amendments by words": _suggest("amendment", q="General Agreement"),
    "customers of the agreement": _suggest("entity", q="KMC", agreement=SEED),
    "customers of the agreement on a date": _suggest("entity", q="KMC", agreement=SEED, on=ON),
    "customers on a date, nothing typed": _suggest("entity", q="", agreement=SEED, on=ON),
    "entities, a bad agreement ignored": _suggest("entity", q="KMC", agreement="NO-SUCH", on="2000-13-45"),
    "product lines of the agreement": _suggest("productline", q="DDM", agreement=SEED),
    "product lines by name": _suggest("productline", q="DDM"),
    "agreements": _suggest("agreement", q="LNM97"),
    "remedies (b) of the agreement": ("buyer", "/autocomplete/remedy_b/", {"q": "", "agreement": SEED}),
    "audit log, Amendment 3 of the agreement": (
        "auditor",
        "/history/",
        {"agreement": SEED, "amendment": "Amendment 3"},
    ),
    "audit log API, Amendment 3 of the agreement": (
        "auditor",
        "/api/v1/audit-log/",
        {"agreement": SEED, "amendment": "Amendment 3"},
    ),
}


@dataclass
class Asked:
    status: int
    queries: int
    body: bytes
    seq_scans: list[str] = field(default_factory=list)


def _seq_scans(plan: dict, big: set[str], *, strict: bool = False) -> list[str]:
    """The big tables `plan` reads whole. `strict` (see `_STRICT`) also counts a walk of a whole b-tree
    index that filters every row, unless the filter only probes the ids an indexed subquery found
    (`hashed SubPlan`, a semi-join stopped by the suggestions' LIMIT)."""
    found = []
    node, table = plan.get("Node Type"), plan.get("Relation Name")
    if node == "Seq Scan" and table in big:
        found.append(table)
    elif (
        strict
        and node in ("Index Scan", "Index Only Scan")
        and table in big
        and "Index Cond" not in plan
        and "SubPlan" not in plan.get("Filter", "SubPlan")
    ):
        found.append(f"{table} (whole index, filter {plan['Filter'][:150]})")
    for child in plan.get("Plans", []):
        if node == "Limit" and child.get("Node Type") == "Seq Scan" and "Filter" not in child:
            continue  # the first rows of a table, whatever they are: reads `limit` rows
        found += _seq_scans(child, big, strict=strict)
    return found


# With sequential scans priced out, a planner with no index to serve a condition can still walk a whole
# b-tree index in its order, filtering every row: the same scan under another name, which
# `enable_seqscan = off` alone lets through. The suggestions are explained with plain index scans priced
# out too, so that a bitmap scan (always by an index condition) is preferred wherever one can serve, and
# such walks are counted (`strict`).
_STRICT = ("SET LOCAL enable_indexscan = off", "SET LOCAL enable_indexonlyscan = off")
_RESET = ("SET LOCAL enable_seqscan = on", "SET LOCAL enable_indexscan = on", "SET LOCAL enable_indexonlyscan = on")


def _ask(client: Client, path: str, query: dict, *, explain: bool) -> Asked:
    client.get(path, query)  # warm the session, permission and answer caches: what is measured is the question
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, query)
    scans: list[str] = []
    if explain:
        big = _big_tables()
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            strict = path.startswith("/autocomplete/")
            for statement in _STRICT if strict else ():
                cursor.execute(statement)
            for sql in (q["sql"] for q in captured.captured_queries):
                if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                    continue
                cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
                plan = cursor.fetchone()[0]
                plan = json.loads(plan) if isinstance(plan, str) else plan
                scans += [
                    f"{t} in: {sql[sql.find(' FROM ') :][:400]}"
                    for t in _seq_scans(plan[0]["Plan"], big, strict=strict)
                ]
            for statement in _RESET:
                cursor.execute(statement)
    return Asked(response.status_code, len(captured), response.content, scans)


def _ask_all(clients) -> dict[str, Asked]:
    explain = connection.vendor == "postgresql"
    if explain:
        refresh_planner_statistics()
    return {name: _ask(clients[role], path, query, explain=explain) for name, (role, path, query) in QUESTIONS.items()}


@pytest.fixture(scope="module")
def asked(django_db_setup, django_db_blocker, seed_rows):
    with django_db_blocker.unblock(), transaction.atomic():
        _load_seed(seed_rows)
        clients = {}
        for role in ("buyer", "auditor"):
            user = get_user_model().objects.create_user(username=f"suggest-{role}")
            user.groups.add(Group.objects.get(name=ROLE_GROUPS[role]))
            clients[role] = Client()
            clients[role].force_login(user)
        alone = _ask_all(clients)
        generate_portfolio(agreements=PORTFOLIO, seed=7100)
        portfolio = _ask_all(clients)
        transaction.set_rollback(True)
    return alone, portfolio


@pytest.mark.parametrize("question", sorted(QUESTIONS))
def test_suggestions_cost_the_same_with_a_portfolio(asked, question):
    alone, portfolio = asked[0][question], asked[1][question]
    assert alone.status == portfolio.status == 200
    assert portfolio.queries == alone.queries, f"{alone.queries} queries alone, {portfolio.queries} with a portfolio"


@pytest.mark.postgres
@pytest.mark.parametrize("question", sorted(QUESTIONS))
def test_suggestions_read_big_tables_through_indexes(asked, question):
    scans = asked[1][question].seq_scans
    assert scans == [], "sequential scans of big tables:\n" + "\n".join(scans)


def _values(result: Asked) -> list[str]:
    return [row["value"] for row in json.loads(result.body)["results"]]


def test_narrowed_suggestions_stay_in_the_agreement(asked):
    alone, portfolio = asked
    assert _values(portfolio["amendment 3 of the agreement"]) == [f"{SEED}/3"]
    assert _values(portfolio["amendments of the agreement, nothing typed"]) == [f"{SEED}/{n}" for n in (1, 2, 3, 4)]
    for question in ("customers of the agreement", "customers of the agreement on a date"):
        assert _values(portfolio[question]) == _values(alone[question]) != []
    # A bad agreement and date narrow nothing: the portfolio's entities named like KMC are suggested too.
    assert len(_values(portfolio["entities, a bad agreement ignored"])) > len(
        _values(alone["entities, a bad agreement ignored"])
    )


@pytest.mark.postgres
def test_the_strict_check_finds_a_filtered_walk_of_an_index(seed):
    """The suggestions as they were (LIKE on UPPER(...), ordered by the contract number's index) are
    found; the same question through the compact index is not."""
    from contracts.models import Agreement
    from contracts.querysets import with_words

    before = Agreement.objects.filter(title__icontains="general").order_by("contract_number")[:20]
    after = with_words(Agreement.objects.order_by("contract_number"), "general", ("title",))[:20]
    found = {}
    with connection.cursor() as cursor:
        for statement in ("SET LOCAL enable_seqscan = off", *_STRICT):
            cursor.execute(statement)
        for name, queryset in (("before", before), ("after", after)):
            sql, params = queryset.query.sql_with_params()
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
            plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            found[name] = _seq_scans(plan[0]["Plan"], _big_tables(), strict=True)
    assert found["before"] and found["after"] == []
