"""The discount lookup over every agreement reads the big tables through indexes (PostgreSQL; issue 11).

The questions the lookup answers across the portfolio, each query they send explained the way
tests/ledger/test_index_usage.py explains the list pages (after ANALYZE, `enable_seqscan = off`: a
`Seq Scan` left in a plan is one no index can serve). Among them the queries this lookup added: the
page's ids read in the page's order (`DiscountLineQuerySet.page_first`), the count that stops at a
limit (`counted`), and the notes' schedules with no table in force (`pricing.lookup.lookup_notes`).
"""

from unittest.mock import patch

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.test import Client

from ledger.portfolio import generate_portfolio
from tests.conftest import ROLE_GROUPS, refresh_planner_statistics
from tests.ledger.test_index_usage import _big_tables, _explain
from tests.ledger.test_scale import _load_seed

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

ON = "2000-03-01"
QUESTIONS = {
    "page, a date": ("/pricing/discounts/", {"on": ON}),
    "page, a date before the schedules": ("/pricing/discounts/", {"on": "1997-06-01"}),
    "page, a name": ("/pricing/discounts/", {"q": "5ESS"}),
    "API, a name": ("/api/v1/discounts/", {"q": "5ESS"}),
    "API, a name, few lines": ("/api/v1/discounts/", {"q": "PSAS"}),
    "API, a name and a date": ("/api/v1/discounts/", {"q": "5ESS", "on": ON}),
    "API, two words": ("/api/v1/discounts/", {"q": "5ESS switch"}),
}


@pytest.fixture(scope="module")
def explained(django_db_setup, django_db_blocker, seed_rows):
    results = {}
    with django_db_blocker.unblock(), transaction.atomic():
        _load_seed(seed_rows)
        generate_portfolio(agreements=20, seed=7100, progress=None)
        user = get_user_model().objects.create_user(username="explain-discounts")
        user.groups.add(Group.objects.get(name=ROLE_GROUPS["buyer"]))
        client = Client()
        client.force_login(user)
        refresh_planner_statistics()
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
        big = _big_tables()
        # A count limit below the lines a name finds: the page is then read in its order, not by product.
        with patch("pricing.api.views.COUNT_LIMIT", 10):
            for name, (path, query) in QUESTIONS.items():
                results[name] = _explain(client, path, query, big)
        transaction.set_rollback(True)
    return results


@pytest.mark.parametrize("question", sorted(QUESTIONS))
def test_every_agreement_is_read_through_indexes(explained, question):
    result = explained[question]
    assert result.status == 200
    assert result.seq_scans == [], "sequential scans of big tables:\n" + "\n".join(result.seq_scans)
