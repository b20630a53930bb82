"""Every query of the list pages reaches the big tables through an index (PostgreSQL; issue 11).

The pages and API endpoints that filter the big tables (release board, entity lookup, discount lookup,
audit log, the quote page's lookups, the autocomplete suggestions; purchases, price check, credits,
obligations and the home page) are asked about the seed agreement with a generated portfolio in the
database, purchases included (the seed's too); every SELECT they send is captured and explained.

A test portfolio is small, and on small tables PostgreSQL rightly prefers a sequential scan even
where an index would serve. So the plans are made with `enable_seqscan = off`, after ANALYZE: that
setting does not forbid a sequential scan, it prices it out, so a `Seq Scan` left in a plan means no
index can serve that access at all, which is what a portfolio of 1,000 agreements would then scan.
A "big" table is one that grows with the portfolio: every audited model's table, its history table,
and the history chain's links. Marked `postgres`: deselected on SQLite (tests/conftest.py), run in CI.
"""

import json
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.test import Client

from core.history import audited_models
from ledger.portfolio import generate_portfolio
from ledger.portfolio.hooks import add_app_rows
from tests.conftest import ROLE_GROUPS, refresh_planner_statistics
from tests.ledger.test_scale import SEED, Seed, _load_seed, _quote_params

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

PORTFOLIO = 30
ON = "2000-03-01"

QUESTIONS = {
    "release board API": ("buyer", "/api/v1/releases/", {"agreement": SEED, "on": "2000-06-01"}),
    "release board page": ("buyer", "/releases/", {"agreement": SEED, "on": "2000-06-01"}),
    "release board page, a flag": ("buyer", "/releases/", {"agreement": SEED, "on": "2000-06-01", "flag": "slipped"}),
    "entity lookup page": ("buyer", "/contracts/entities/lookup/", {"name": "KMC III LLC", "on": ON}),
    "entity lookup API": ("buyer", "/api/v1/entities/lookup/", {"name": "KMC III LLC", "on": ON}),
    "entity lookup API, an agreement": (
        "buyer",
        "/api/v1/entities/lookup/",
        {"name": "KMC Telecom", "agreement": SEED},
    ),
    "discount lookup page, a date": ("buyer", "/pricing/discounts/", {"on": ON}),
    "discount lookup page, an agreement": ("buyer", "/pricing/discounts/", {"agreement": SEED, "q": "5ESS", "on": ON}),
    "discount API, q=5ESS": ("buyer", "/api/v1/discounts/", {"q": "5ESS"}),
    "audit log page 1": ("auditor", "/history/", {}),
    "audit log, an amendment": ("auditor", "/history/", lambda seed: {"amendment": seed.amendment}),
    "audit log, a record type": ("auditor", "/history/", {"model": "pricing.discountline"}),
    "audit log API": ("auditor", "/api/v1/audit-log/", {}),
    "quote page, 10 lines": ("buyer", "/pricing/quote/", _quote_params),
    "entity suggestions": ("buyer", "/autocomplete/entity/", {"q": "KMC Telecom"}),
    "agreement suggestions": ("buyer", "/autocomplete/agreement/", {"q": "LNM97"}),
    "product suggestions": ("buyer", "/autocomplete/product/", {"q": "5ESS"}),
    "purchases page, an agreement": ("buyer", "/purchases/", {"agreement": SEED}),
    "purchases page, an agreement and dates": (
        "buyer",
        "/purchases/",
        {"agreement": SEED, "ordered_from": "1999-01-01", "ordered_to": "2000-12-31"},
    ),
    "purchases API, an agreement": ("buyer", "/api/v1/purchases/", {"agreement": SEED}),
    "price check page, an agreement": ("buyer", "/purchases/price-check/", {"agreement": SEED}),
    "price check page, an agreement and a period": (
        "buyer",
        "/purchases/price-check/",
        {"agreement": SEED, "period": "1999-Q4"},
    ),
    "price check API, an agreement": ("buyer", "/api/v1/price-check/", {"agreement": SEED}),
    "credits page, an agreement": ("buyer", "/purchases/credits/", {"agreement": SEED}),
    "credits API, an agreement": ("buyer", "/api/v1/credits/", {"agreement": SEED}),
    "commitments page, an agreement": ("buyer", "/obligations/commitments/", {"agreement": SEED, "on": ON}),
    "training page, an agreement": ("buyer", "/obligations/training/", {"agreement": SEED, "on": ON}),
    "spend page, an agreement": ("buyer", "/obligations/spend/", {"agreement": SEED, "on": "2003-01-01"}),
    "home, an agreement": ("auditor", "/", {"agreement": SEED, "on": ON}),
}


def _big_tables() -> set[str]:
    tables = set()
    for model in audited_models():
        tables.add(model._meta.db_table)
        tables.add(model.history.model._meta.db_table)
    tables.add("core_historylink")
    return tables


@dataclass
class Explained:
    status: int
    seq_scans: list[str]


def _seq_scans(plan: dict, big: set[str]) -> list[str]:
    found = []
    if plan.get("Node Type") == "Seq Scan" and plan.get("Relation Name") in big:
        found.append(plan["Relation Name"])
    for child in plan.get("Plans", []):
        if plan.get("Node Type") == "Limit" and child.get("Node Type") == "Seq Scan" and "Filter" not in child:
            continue  # the first rows of a table, whatever they are ("is there only one?"): reads `limit` rows
        found += _seq_scans(child, big)
    return found


def _explain(client: Client, path: str, query: dict, big: set[str]) -> Explained:
    sent: list[tuple[str, object]] = []

    def capture(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(("SELECT", "WITH")):
            sent.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        response = client.get(path, query)
    scans = []
    with connection.cursor() as cursor:
        for sql, params in sent:
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
            plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            where = sql[max(0, sql.find(" FROM ")) :][:500]
            scans += [f"{table} in: ...{where}" for table in _seq_scans(plan[0]["Plan"], big)]
    return Explained(response.status_code, scans)


@pytest.fixture(scope="module")
def explained(django_db_setup, django_db_blocker, seed_rows):
    from contracts.models import Agreement, Amendment, LegalEntity

    results = {}
    with django_db_blocker.unblock(), transaction.atomic():
        _load_seed(seed_rows)
        generate_portfolio(agreements=PORTFOLIO, seed=7000)
        add_app_rows(Agreement.objects.filter(contract_number=SEED), seed=7000)
        agreement = Agreement.objects.get(contract_number=SEED)
        seed = Seed(
            agreement=agreement.pk,
            amendment=Amendment.objects.get(agreement=agreement, number=3).pk,
            entity=LegalEntity.objects.get(slug="kmc-telecom-iii").pk,
            recorded_at="",
        )
        clients = {}
        for role in ("buyer", "auditor"):
            user = get_user_model().objects.create_user(username=f"explain-{role}")
            user.groups.add(Group.objects.get(name=ROLE_GROUPS[role]))
            clients[role] = Client()
            clients[role].force_login(user)
        big = _big_tables()
        refresh_planner_statistics()
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
        for name, (role, path, query) in QUESTIONS.items():
            results[name] = _explain(clients[role], path, query(seed) if callable(query) else query, big)
        transaction.set_rollback(True)
    return results


@pytest.mark.parametrize("question", sorted(QUESTIONS))
def test_big_tables_are_read_through_indexes(explained, question):
    result = explained[question]
    assert result.status == 200
    assert result.seq_scans == [], "sequential scans of big tables:\n" + "\n".join(result.seq_scans)


@pytest.mark.parametrize(
    ("where", "scans"),
    [
        ("WHERE note LIKE %s", ["pricing_discountline"]),  # no index can serve a substring of a note
        ("WHERE note LIKE %s LIMIT 2", ["pricing_discountline"]),  # a filtered scan may read every row
        ("WHERE id = 1 OR id = %s", []),
        ("LIMIT 2", []),
    ],
)
def test_the_check_finds_the_scans_no_index_can_serve(where, scans):
    params = ["%checked%"] if "%s" in where and "LIKE" in where else [2] if "%s" in where else []
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN (FORMAT JSON) SELECT id FROM pricing_discountline {where}", params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    assert _seq_scans(plan[0]["Plan"], _big_tables()) == scans
