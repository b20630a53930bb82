"""Pricing at portfolio scale (issue 11): the same queries and the same page size with 1 and 20 agreements.

Each test asks its question about the seed agreement, grows the portfolio to 20 agreements (the seed
plus agreements whose schedules, products and Customers look like the seed's), and asks again: the
number of queries must not change, and the answer must stay the size of one agreement's answer.
"""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contracts.models import Agreement, LegalEntity
from core.pointintime.dates import AsOf
from pricing.compare import discount_changes_between
from pricing.lookup import NOTED_AGREEMENTS
from pricing.models import Product
from tests.pricing.conftest import PORTFOLIO_AGREEMENTS

pytestmark = pytest.mark.django_db

LOOKUP = "/pricing/discounts/"
DISCOUNTS = "/api/v1/discounts/"
QUOTE = "/pricing/quote/"
QUOTES = "/api/v1/quotes/"
SEED = "LNM970313MP"
PAGE_LIMIT = 200_000
TEN_LINES = [
    {"product": "PSAS", "list_price": "1000.00"},
    {"product": "DDM PLUS", "list_price": "100.00"},
    {"product": "BICR", "list_price": "10.00"},
    {"product": "5ESS Switch", "condition": "initial_switch", "list_price": "100.00"},
    {"product": "5ESS Switch", "condition": "growth", "stsx1_cards_added": 7, "list_price": "100.00"},
    {"product": "DDM-2000 OC-3 Multiplexer Shelf", "list_price": "50.00"},
    {"product": "FT-2000 OC-48 Lightwave System Optics", "list_price": "70.00"},
    {"product": "DACS IV 2000 Systems", "list_price": "10.00"},
    {"product": "MSDT", "list_price": "12.00"},
    {"product": "PCG", "list_price": "13.00"},
]


def measure(client, method, url, data):
    """(number of queries, response) of one request, after a first one warmed the caches."""
    send = getattr(client, method)
    kwargs = {"format": "json"} if method == "post" else {}
    send(url, data, **kwargs)
    with CaptureQueriesContext(connection) as queries:
        response = send(url, data, **kwargs)
    assert response.status_code == 200, response.content[:2000]
    return len(queries.captured_queries), response


def rows_of(response):
    return [row.record.pk for row in response.context["table"].page.object_list]


def quote_page_params(lines, **header):
    params = {
        "entity": "kmc-telecom-iii",
        "on": "2000-03-01",
        "as_agreed": "",
        "form-TOTAL_FORMS": len(lines),
        "form-INITIAL_FORMS": 0,
        "form-MIN_NUM_FORMS": 0,
        "form-MAX_NUM_FORMS": 50,
        **header,
    }
    for i, line in enumerate(lines):
        params.update({f"form-{i}-quantity": 1, **{f"form-{i}-{k}": v for k, v in line.items()}})
    return params


LOOKUP_QUESTIONS = [
    pytest.param({"agreement": SEED}, id="agreement"),
    pytest.param({"agreement": SEED, "on": "2000-03-01"}, id="agreement-on"),
    pytest.param({"agreement": SEED, "on": "1999-10-15", "as_agreed": "1999-11-01"}, id="agreement-as-agreed"),
    pytest.param({"agreement": SEED, "q": "DDM"}, id="agreement-name"),
    pytest.param({"agreement": SEED, "schedule": "A-1.15", "on": "2000-03-01"}, id="agreement-schedule"),
    pytest.param({"q": "PSAS", "on": "2000-03-01"}, id="name-of-one-agreement"),
]


@pytest.mark.parametrize("params", LOOKUP_QUESTIONS)
def test_lookup_page_costs_the_same_with_twenty_agreements(client_as, grow_portfolio, params):
    client = client_as("buyer")
    few, small = measure(client, "get", LOOKUP, params)
    grow_portfolio()
    many, large = measure(client, "get", LOOKUP, params)
    assert many == few
    assert rows_of(large) == rows_of(small)
    assert abs(len(large.content) - len(small.content)) < 2_000  # the same rows and notes


@pytest.mark.parametrize("params", LOOKUP_QUESTIONS)
def test_lookup_api_costs_the_same_with_twenty_agreements(api_client_as, grow_portfolio, params):
    api = api_client_as("buyer")
    few, small = measure(api, "get", DISCOUNTS, params)
    grow_portfolio()
    many, large = measure(api, "get", DISCOUNTS, params)
    assert many == few
    assert large.json() == small.json()


@pytest.mark.parametrize(
    "params", [{}, {"on": "2000-03-01"}, {"on": "1999-03-01"}, {"q": "5ESS"}, {"q": "5ESS", "on": "1999-03-01"}]
)
def test_lookup_across_agreements_is_one_page_in_the_same_queries(client_as, api_client_as, grow_portfolio, params):
    """Not asking about one agreement: more rows match, but the page, the queries and the notes stay bounded."""
    client, api = client_as("buyer"), api_client_as("buyer")
    few_page, _ = measure(client, "get", LOOKUP, params)
    few_api, _ = measure(api, "get", DISCOUNTS, params)
    grow_portfolio()
    many_page, page = measure(client, "get", LOOKUP, params)
    many_api, answer = measure(api, "get", DISCOUNTS, params)
    assert (many_page, many_api) == (few_page, few_api)
    assert len(page.content) < PAGE_LIMIT
    assert len(page.context["table"].page.object_list) <= 50
    # 1999-03-01: each portfolio agreement's is unknown (its table replaced one not in the documents).
    assert len(answer.json()["results"]) <= 50 and len(answer.json()["notes"]) <= 2 * NOTED_AGREEMENTS + 1


def test_lookup_across_agreements_counts_every_agreements_lines(api_client_as, grow_portfolio):
    api = api_client_as("buyer")
    grow_portfolio()
    body = api.get(DISCOUNTS, {"q": "5ESS Switch", "on": "2000-03-01", "limit": 100}).json()
    assert {row["schedule"] for row in body["results"]} == {"A-1.7"}
    assert {row["percent"] for row in body["results"]} == {"83.00", "77.00", "25.00"}
    assert body["count"] == 3 * (PORTFOLIO_AGREEMENTS + 1)


def test_quote_page_of_ten_lines_costs_the_same_and_stays_small(client_as, grow_portfolio):
    client = client_as("buyer")
    params = quote_page_params(TEN_LINES, agreement=SEED)
    few, small = measure(client, "get", QUOTE, params)
    grow_portfolio()
    many, large = measure(client, "get", QUOTE, params)
    assert many == few
    assert len(large.content) < PAGE_LIMIT / 2
    assert abs(len(large.content) - len(small.content)) < 500
    assert large.context["result"].total_net == small.context["result"].total_net
    assert "<option" not in large.content.decode().split('name="entity"')[1].split(">")[0]


def test_quote_page_with_the_agreement_inferred_costs_the_same(client_as, grow_portfolio):
    client = client_as("buyer")
    params = quote_page_params(TEN_LINES)
    few, small = measure(client, "get", QUOTE, params)
    grow_portfolio()
    many, large = measure(client, "get", QUOTE, params)
    assert many == few
    assert large.context["result"].total_net == small.context["result"].total_net


def test_empty_quote_page_is_small_whatever_the_portfolio(client_as, grow_portfolio):
    client = client_as("buyer")
    few, small = measure(client, "get", QUOTE, {})
    grow_portfolio()
    many, large = measure(client, "get", QUOTE, {})
    assert many == few
    assert len(large.content) == len(small.content)


def test_quote_api_of_ten_lines_costs_the_same(api_client_as, grow_portfolio):
    api = api_client_as("buyer")
    body = {"entity": "kmc-telecom-iii", "agreement": SEED, "on": "2000-03-01", "lines": TEN_LINES}
    few, small = measure(api, "post", QUOTES, body)
    grow_portfolio()
    many, large = measure(api, "post", QUOTES, body)
    assert many == few
    assert large.json() == small.json()


def test_product_page_costs_the_same(client_as, grow_portfolio):
    client = client_as("buyer")
    url = Product.objects.get(name="5ESS Switch", schedule__agreement__contract_number=SEED).get_absolute_url()
    few, small = measure(client, "get", url, {})
    grow_portfolio()
    many, large = measure(client, "get", url, {})
    assert many == few
    assert len(large.content) == len(small.content)


def test_compare_of_discounts_is_scoped_to_the_agreement(seed, grow_portfolio):
    left, right = AsOf(on=date(1999, 10, 15), as_agreed=date(1999, 11, 1)), AsOf(on=date(1999, 10, 15))
    with CaptureQueriesContext(connection) as few:
        before = discount_changes_between(seed, left, right)
    grow_portfolio()
    with CaptureQueriesContext(connection) as many:
        after = discount_changes_between(seed, left, right)
    assert len(many.captured_queries) == len(few.captured_queries)
    assert after == before and before  # Amendment 3's 5ESS lines, agreed after 1999-11-01


@pytest.mark.parametrize(("source", "text"), [("schedule", "Transmission"), ("product", "DDM")])
def test_suggestions_are_capped_and_need_the_permission(client_as, grow_portfolio, source, text):
    grow_portfolio()
    response = client_as("buyer").get(f"/autocomplete/{source}/", {"q": text})
    assert response.status_code == 200
    results = response.json()["results"]
    assert 1 <= len(results) <= 20
    assert all(text.lower() in item["label"].lower() for item in results)


def test_portfolio_is_what_the_tests_think(grow_portfolio):
    grow_portfolio()
    assert Agreement.objects.count() == PORTFOLIO_AGREEMENTS + 1
    assert LegalEntity.objects.filter(slug__startswith="portfolio-").count() == 2 * PORTFOLIO_AGREEMENTS
