"""The search box and the text filters reach the big tables through indexes (PostgreSQL; as
`tests/ledger/test_index_usage.py` checks the other list pages, with its helpers)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.test import Client

from ledger.portfolio import generate_portfolio
from tests.conftest import ROLE_GROUPS, refresh_planner_statistics
from tests.ledger.test_index_usage import _big_tables, _explain
from tests.ledger.test_scale import SEED, _load_seed

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

QUESTIONS = {
    "search, a product and a condition": ("auditor", "/search/", {"q": "5ESS large growth"}),
    "search, an order code": ("auditor", "/search/", {"q": "oc12"}),
    "search, a defined term": ("auditor", "/search/", {"q": "KMC III"}),
    "search, a phrase": ("auditor", "/search/", {"q": "tuition-free seats"}),
    "search, one kind paged": ("auditor", "/search/", {"q": "R5.0", "kind": "releases", "page": "2"}),
    "discount lookup, a condition": ("buyer", "/pricing/discounts/", {"q": "5ESS large growth", "agreement": SEED}),
    "release board, a release": ("buyer", "/releases/", {"agreement": SEED, "on": "2000-06-01", "q": "R5.0"}),
}


@pytest.fixture(scope="module")
def explained(django_db_setup, django_db_blocker, seed_rows):
    results = {}
    with django_db_blocker.unblock(), transaction.atomic():
        _load_seed(seed_rows)
        generate_portfolio(agreements=10, seed=7100, progress=None)
        clients = {}
        for role in ("buyer", "auditor"):
            user = get_user_model().objects.create_user(username=f"search-{role}")
            user.groups.add(Group.objects.get(name=ROLE_GROUPS[role]))
            clients[role] = Client()
            clients[role].force_login(user)
        big = _big_tables()
        refresh_planner_statistics()
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
        for name, (role, path, query) in QUESTIONS.items():
            results[name] = _explain(clients[role], path, query, big)
        transaction.set_rollback(True)
    return results


@pytest.mark.parametrize("question", sorted(QUESTIONS))
def test_big_tables_are_read_through_indexes(explained, question):
    result = explained[question]
    assert result.status == 200
    assert result.seq_scans == [], "sequential scans of big tables:\n" + "\n".join(result.seq_scans)
