"""API answers kept by data version (`core.answers`): asked again, answered from the cache; changed, at once.

Kept answers need requests outside a transaction, so these tests run on a transactional database (the
rest of the suite runs each test in a transaction, where nothing is kept).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contracts.models import TermVersion
from pricing.models import DiscountLine

pytestmark = pytest.mark.django_db(transaction=True)

AS_OF = "/api/v1/agreements/LNM970313MP/as-of/?on=1999-11-15"
QUOTE = "/api/v1/quotes/"


def _status(response) -> str:
    return response.headers.get("Cache-Status", "")


def _asked(client, url, **kwargs):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **kwargs)
    return response, len(queries)


def test_the_same_question_again_is_answered_from_the_kept_answer(seed, api_client_as):
    buyer = api_client_as("buyer")
    first, first_queries = _asked(buyer, AS_OF)
    again, again_queries = _asked(buyer, AS_OF)
    assert first.status_code == again.status_code == 200
    assert _status(first) == "ledgerline; fwd=miss; stored"
    assert _status(again) == "ledgerline; hit"
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"] == "application/json"
    assert again_queries < first_queries
    # A different question is not the same answer.
    other = buyer.get(AS_OF.replace("1999-11-15", "2000-03-01"))
    assert _status(other) == "ledgerline; fwd=miss; stored"
    assert other.content != first.content


def test_a_change_is_answered_at_once(seed, api_client_as):
    buyer, admin = api_client_as("buyer"), api_client_as("admin")
    before = buyer.get(AS_OF)
    assert _status(buyer.get(AS_OF)) == "ledgerline; hit"
    term = TermVersion.objects.get()
    url = f"/api/v1/term-versions/{term.pk}/"
    version = admin.get(url).json()["version"]
    edited = admin.patch(
        url, {"expiry_date": "2004-03-05", "version": version, "change_reason": "Seller letter"}, format="json"
    )
    assert edited.status_code == 200, edited.json()
    after = buyer.get(AS_OF)
    assert _status(after) == "ledgerline; fwd=miss; stored"
    assert "2004-03-05" in after.content.decode() and "2004-03-05" not in before.content.decode()


def test_a_discount_changed_through_its_page_shows_in_the_next_quote(seed, api_client_as):
    buyer, admin = api_client_as("buyer"), api_client_as("admin")
    body = {
        "entity": "kmc-telecom-iii",
        "agreement": "LNM970313MP",
        "on": "2000-03-01",
        "lines": [{"product": "DDM PLUS", "list_price": "100.00"}],
    }
    first = buyer.post(QUOTE, body, format="json")
    # The same question with its keys in another order is the same answer.
    reordered = buyer.post(QUOTE, dict(reversed(list(body.items()))), format="json")
    assert first.status_code == reordered.status_code == 200
    assert _status(reordered) == "ledgerline; hit"
    line = DiscountLine.objects.get(product_as_written="DDM PLUS")
    url = f"/api/v1/discount-lines/{line.pk}/"
    version = admin.get(url).json()["version"]
    admin.patch(url, {"percent": "12.00", "version": version, "change_reason": "corrected"}, format="json")
    after = buyer.post(QUOTE, body, format="json")
    assert _status(after).startswith("ledgerline; fwd=miss")
    assert after.json()["lines"][0] != first.json()["lines"][0]
    assert after.json()["lines"][0]["percent"] == "12.00"


def test_who_asks_is_part_of_the_question(seed, api_client_as, users):
    recorded = AS_OF + "&recorded_at=2099-01-01T00:00:00Z"
    auditor, buyer = api_client_as("auditor"), api_client_as("buyer")
    assert auditor.get(recorded).status_code == 200
    assert _status(auditor.get(recorded)) == "ledgerline; hit"
    refused = buyer.get(recorded)
    assert refused.status_code == 403 and "Cache-Status" not in refused.headers


def test_refusals_and_errors_are_never_kept(seed, api_client_as):
    buyer = api_client_as("buyer")
    for _ in range(2):
        bad = buyer.get(AS_OF.replace("1999-11-15", "1999-13-45"))
        assert bad.status_code == 400 and "Cache-Status" not in bad.headers
    anonymous = api_client_as("buyer")
    anonymous.force_authenticate(None)
    assert anonymous.get(AS_OF).status_code in (401, 403)


def test_the_browsable_page_is_not_kept(seed, client_as):
    client = client_as("buyer")
    for _ in range(2):
        page = client.get(AS_OF, HTTP_ACCEPT="text/html")
        assert page.status_code == 200 and "Cache-Status" not in page.headers


def test_nothing_is_kept_when_turned_off(seed, api_client_as, settings):
    settings.LEDGERLINE_ANSWER_CACHE = ""
    buyer = api_client_as("buyer")
    assert all("Cache-Status" not in buyer.get(AS_OF).headers for _ in range(2))


@pytest.mark.django_db(transaction=False)
def test_nothing_is_kept_inside_a_transaction(seed, api_client_as):
    # Inside a transaction an answer may show rows that are then rolled back.
    buyer = api_client_as("buyer")
    assert all("Cache-Status" not in buyer.get(AS_OF).headers for _ in range(2))


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/discounts/?agreement=LNM970313MP&q=5ESS",
        "/api/v1/entities/lookup/?name=KMC+III+LLC&on=2000-03-01",
        "/api/v1/releases/?agreement=LNM970313MP&on=2000-06-01",
    ],
    ids=["discounts", "entity-lookup", "release-board"],
)
def test_each_kept_question_is_answered_again_from_memory(seed, api_client_as, url):
    buyer = api_client_as("buyer")
    first = buyer.get(url)
    again = buyer.get(url)
    assert first.status_code == 200 and _status(again) == "ledgerline; hit"
    assert again.json() == first.json()
