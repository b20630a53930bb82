"""/api/v1/discounts/ and POST /api/v1/quotes/: filters, errors naming the field, roles, query counts."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pricing.forms import API_MAX_LINES
from tests.pricing.test_pages import add_lines

pytestmark = pytest.mark.django_db

DISCOUNTS = "/api/v1/discounts/"
QUOTES = "/api/v1/quotes/"


def test_discounts_filter_by_name_and_date(seed, api_client_as):
    response = api_client_as("auditor").get(DISCOUNTS, {"q": "5ESS Switch", "on": "1999-10-15"})
    assert response.status_code == 200
    body = response.json()
    assert (body["on"], body["as_agreed"]) == ("1999-10-15", None)
    assert {(r["condition"], r["percent"]) for r in body["results"]} == {
        ("initial_switch", "83.00"),
        ("large_growth", "77.00"),
        ("peripheral_growth", "25.00"),
    }
    assert body["results"][0]["amendment"] == 3


def test_discounts_as_agreed_before_amendment_3(seed, api_client_as):
    body = api_client_as("buyer").get(DISCOUNTS, {"q": "5ESS", "on": "1999-10-15", "as_agreed": "1999-11-01"})
    assert body.json()["count"] == 0


def test_discount_without_number_has_null_percent(seed, api_client_as):
    row = api_client_as("buyer").get(DISCOUNTS, {"q": "DACS IV"}).json()["results"][0]
    assert row["percent"] is None and row["no_number_reason"] == "see 1.15.1 below"


def test_discounts_bad_date_is_400_naming_the_field(seed, api_client_as):
    response = api_client_as("buyer").get(DISCOUNTS, {"on": "yesterday"})
    assert response.status_code == 400
    assert "on" in response.json()


def test_discounts_anonymous_refused(seed, client):
    assert client.get(DISCOUNTS).status_code in (401, 403)


def test_discounts_query_count_does_not_grow(seed, api_client_as, django_assert_num_queries):
    api = api_client_as("buyer")
    add_lines(seed, 0, 5)
    api.get(DISCOUNTS, {"limit": 1000})
    with CaptureQueriesContext(connection) as few:
        api.get(DISCOUNTS, {"limit": 1000, "on": "2000-03-01"})
    add_lines(seed, 5, 500)
    with django_assert_num_queries(len(few.captured_queries)):
        response = api.get(DISCOUNTS, {"limit": 1000, "on": "2000-03-01"})
    assert response.json()["count"] > 500


def quote_body(**changes):
    body = {
        "entity": "kmc-telecom-iii",
        "on": "2000-03-01",
        "lines": [
            {"product": "PSAS", "list_price": "1000.00", "quantity": 2},
            {"product": "DACS IV 2000 Systems", "list_price": "10.00"},
        ],
    }
    return {**body, **changes}


def test_quote_prices_lines_and_totals(seed, api_client_as):
    response = api_client_as("buyer").post(QUOTES, quote_body(), format="json")
    assert response.status_code == 200
    body = response.json()
    first, second = body["lines"]
    assert (first["percent"], first["extended_net"], first["outcome"]) == ("40.00", "1200.00", "priced")
    assert first["clause"]["amendment_number"] == 2 and first["clause"]["schedule_section"] == "A-1.22"
    assert second["outcome"] == "no_number" and second["extended_net"] is None
    assert Decimal(body["total_net"]) == Decimal("1200.00")
    assert body["complete"] is False
    assert body["eligibility"] == "yes"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"on": "2000-13-01"}, "on"),
        ({"entity": "nobody"}, "entity"),
        ({"lines": []}, "lines"),
        ({"lines": [{"product": "PSAS", "list_price": "-1"}]}, "lines"),
        ({"lines": [{"product": "PSAS", "condition": "cheap"}]}, "lines"),
        ({"lines": [{"list_price": "1"}]}, "lines"),
        ({"agreement": "LNM000"}, "agreement"),
    ],
)
def test_quote_errors_are_400_naming_the_field(seed, api_client_as, changes, field):
    response = api_client_as("buyer").post(QUOTES, quote_body(**changes), format="json")
    assert response.status_code == 400
    assert field in response.json()


def test_quote_needs_price_quote_permission(seed, api_client_as, client):
    assert api_client_as("auditor").post(QUOTES, quote_body(), format="json").status_code == 403
    assert api_client_as("admin").post(QUOTES, quote_body(), format="json").status_code == 200
    assert client.post(QUOTES, quote_body(), content_type="application/json").status_code in (401, 403)


def test_schema_documents_the_pricing_endpoints(seed, api_client_as):
    schema = api_client_as("buyer").get("/api/schema/", {"format": "json"}).json()
    assert "/api/v1/discounts/" in schema["paths"]
    assert "post" in schema["paths"]["/api/v1/quotes/"]
    params = {p["name"] for p in schema["paths"]["/api/v1/discounts/"]["get"]["parameters"]}
    assert {"q", "schedule", "component", "on", "as_agreed"} <= params


def test_quote_as_agreed_gives_both_answers(seed, api_client_as):
    body = quote_body(
        on="1999-10-15",
        as_agreed="1999-11-01",
        lines=[
            {"product": "5ESS Switch", "condition": "initial_switch", "list_price": "100"},
            {"product": "DDM PLUS", "list_price": "100"},
        ],
    )
    data = api_client_as("buyer").post(QUOTES, body, format="json").json()
    assert data["lines"][0]["outcome"] == "unknown"
    assert "not in the documents" in data["lines"][0]["warnings"][0]
    now, same = data["as_agreed_now"]
    assert (now["percent"], now["extended_net"]) == ("83.00", "17.00")
    assert same is None


@pytest.mark.parametrize("by", ["key", "id"])
def test_quote_names_the_entity_and_agreement_by_key_or_id(seed, api_client_as, by):
    from contracts.models import LegalEntity

    entity = LegalEntity.objects.get(slug="kmc-telecom-iii")
    names = {"key": (entity.slug, seed.contract_number), "id": (entity.pk, seed.pk)}[by]
    response = api_client_as("buyer").post(QUOTES, quote_body(entity=names[0], agreement=names[1]), format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["entity"] == entity.name
    assert response.json()["lines"][0]["extended_net"] == "1200.00"


def test_quote_with_an_unknown_entity_key_is_400_naming_entity(seed, api_client_as):
    response = api_client_as("buyer").post(QUOTES, quote_body(entity="kmc-telecom-xiv"), format="json")
    assert response.status_code == 400
    assert "kmc-telecom-xiv" in response.json()["entity"][0]


def test_quote_page_and_api_read_the_same_input(seed, api_client_as):
    """One definition: the form's growth check and limits answer the API too."""
    growth = {"product": "5ESS Switch", "condition": "growth", "list_price": "10"}
    response = api_client_as("buyer").post(QUOTES, quote_body(lines=[growth]), format="json")
    assert response.status_code == 400
    assert "STSX-1 cards" in str(response.json()["lines"])
    lines = [{"product": "PSAS"}] * (API_MAX_LINES + 1)
    too_many = api_client_as("buyer").post(QUOTES, quote_body(lines=lines), format="json")
    assert too_many.status_code == 400 and "lines" in too_many.json()


def test_schema_documents_quote_keys_and_the_form_limits(seed, api_client_as):
    schema = api_client_as("buyer").get("/api/schema/", {"format": "json"}).json()
    request = schema["components"]["schemas"]["QuoteRequest"]["properties"]
    assert {s["type"] for s in request["entity"]["oneOf"]} == {"string", "integer"}
    assert "key" in request["entity"]["description"]
    line = schema["components"]["schemas"]["QuoteLineRequest"]["properties"]
    assert (line["quantity"]["minimum"], line["quantity"]["maximum"], line["quantity"]["default"]) == (1, 1_000_000, 1)
