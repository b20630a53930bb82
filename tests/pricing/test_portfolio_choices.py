"""Choosing among many agreements (issue 11): the lookup's agreement and schedule boxes, the quote's
agreement inferred from the buying entity, text boxes instead of selects, bounded exports."""

import pytest

from contracts.models import Agreement, LegalEntity
from pricing import lookup
from tests.factories import CustomerMembershipFactory, LegalEntityFactory

pytestmark = pytest.mark.django_db

LOOKUP = "/pricing/discounts/"
DISCOUNTS = "/api/v1/discounts/"
QUOTE = "/pricing/quote/"
QUOTES = "/api/v1/quotes/"
SEED = "LNM970313MP"


@pytest.fixture
def portfolio(grow_portfolio):
    grow_portfolio()


def agreements_of(rows):
    return {line.table.schedule.agreement.contract_number for line in rows}


@pytest.mark.parametrize("named", ["PF0003", "id"])
def test_lookup_lists_only_the_agreement_asked_about(portfolio, client_as, api_client_as, named):
    agreement = Agreement.objects.get(contract_number="PF0003")
    value = agreement.contract_number if named == "PF0003" else agreement.pk
    page = client_as("buyer").get(LOOKUP, {"agreement": value, "on": "2000-03-01"})
    assert agreements_of(page.context["table"].data.data) == {"PF0003"}
    answer = api_client_as("buyer").get(DISCOUNTS, {"agreement": value, "on": "2000-03-01"}).json()
    # A-1.15 replaced by Amendment 2 from 1999-01-01: its three 27% lines, and A-1.7's three 5ESS lines.
    assert answer["count"] == 6
    assert sorted(row["percent"] for row in answer["results"] if row["schedule"] == "A-1.15") == ["27.00"] * 3


def test_lookup_across_agreements_lists_each_agreements_lines(portfolio, client_as):
    page = client_as("buyer").get(LOOKUP, {"q": "DDM PLUS", "on": "2000-03-01"})
    rows = page.context["table"].data.data
    assert len(agreements_of(rows)) == 20
    assert {str(line.percent) for line in rows if line.table.schedule.agreement.contract_number != SEED} == {"27.00"}


def test_a_section_names_a_schedule_within_the_agreement(portfolio, client_as, api_client_as):
    api = api_client_as("buyer")
    answer = api.get(DISCOUNTS, {"agreement": "PF0001", "schedule": "A-1.7"}).json()
    assert answer["count"] == 3 and {row["schedule"] for row in answer["results"]} == {"A-1.7"}
    ambiguous = api.get(DISCOUNTS, {"schedule": "A-1.7"})
    assert ambiguous.status_code == 400
    assert "choose the agreement first" in ambiguous.json()["schedule"][0]
    page = client_as("buyer").get(LOOKUP, {"schedule": "A-1.7"})
    assert page.status_code == 200 and "choose the agreement first" in page.content.decode()


def test_unknown_agreement_is_a_field_error(portfolio, api_client_as):
    response = api_client_as("buyer").get(DISCOUNTS, {"agreement": "NO-SUCH-1"})
    assert response.status_code == 400
    assert "NO-SUCH-1" in response.json()["agreement"][0]


def test_notes_are_for_the_agreement_asked_about(portfolio, api_client_as):
    """1999-03-01: each portfolio agreement's A-1.7 is unknown (it replaced a table not in the documents)."""
    api = api_client_as("buyer")
    notes = api.get(DISCOUNTS, {"agreement": "PF0002", "on": "1999-03-01"}).json()["notes"]
    assert [note["subject"] for note in notes] == ["A-1.7 5ESS Switch Products"]
    across = api.get(DISCOUNTS, {"on": "1999-03-01"}).json()["notes"]
    assert across[0]["subject"] == "More agreements"
    assert len({note["subject"].split()[0] for note in across[1:]}) == lookup.NOTED_AGREEMENTS


def test_oversized_export_is_refused_with_a_reason(portfolio, client_as, monkeypatch):
    monkeypatch.setattr("pricing.views.EXPORT_MAX_LINES", 10)
    response = client_as("buyer").get(LOOKUP, {"on": "2000-03-01", "_export": "csv"})
    assert response["Content-Type"].startswith("text/html")
    assert "The CSV export holds at most 10 lines" in response.content.decode()
    small = client_as("buyer").get(LOOKUP, {"agreement": "PF0001", "schedule": "A-1.7", "_export": "csv"})
    assert small["Content-Type"].startswith("text/csv")


def quote_body(**header):
    return {"on": "2000-03-01", "lines": [{"product": "DDM PLUS", "list_price": "100"}], **header}


def test_quote_infers_the_agreement_of_the_entitys_only_membership(portfolio, api_client_as):
    response = api_client_as("buyer").post(QUOTES, quote_body(entity="portfolio-4-customer-1"), format="json")
    assert response.status_code == 200, response.json()
    [line] = response.json()["lines"]
    assert (line["percent"], line["extended_net"], response.json()["eligibility"]) == ("27.00", "73.00", "yes")


def test_quote_asks_for_the_agreement_when_the_entity_is_a_customer_under_two(portfolio, api_client_as):
    entity = LegalEntity.objects.get(slug="portfolio-4-customer-1")
    other = Agreement.objects.get(contract_number="PF0007")
    CustomerMembershipFactory(added_by=other.amendments.get(number=1), entity=entity)
    api = api_client_as("buyer")
    response = api.post(QUOTES, quote_body(entity=entity.slug), format="json")
    assert response.status_code == 400
    assert "is a Customer on 2000-03-01 under 2 agreements (PF0004, PF0007)" in response.json()["agreement"][0]
    chosen = api.post(QUOTES, quote_body(entity=entity.slug, agreement="PF0007"), format="json")
    assert chosen.status_code == 200


def test_quote_of_an_entity_that_never_was_a_customer_asks_for_the_agreement(portfolio, api_client_as):
    stranger = LegalEntityFactory(name="Stranger Telecom", slug="stranger-telecom")
    response = api_client_as("buyer").post(QUOTES, quote_body(entity=stranger.slug), format="json")
    assert response.status_code == 400
    assert "never made a Customer" in response.json()["agreement"][0]


@pytest.mark.parametrize(("field", "value"), [("entity", "Portfolio 4 Customer 1"), ("agreement", "PF0004")])
def test_quote_names_records_by_key_id_or_exact_name(portfolio, api_client_as, field, value):
    body = {**quote_body(entity="portfolio-4-customer-1"), field: value}
    response = api_client_as("buyer").post(QUOTES, body, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["entity"] == "Portfolio 4 Customer 1"


def test_quote_page_has_text_boxes_not_selects(portfolio, client_as):
    body = client_as("buyer").get(QUOTE).content.decode()
    options = body.split("<option")[1:]
    # One line and the empty line "Add a line" copies: components and conditions; no entity, no agreement.
    assert len(options) == 2 * (12 + 6)
    assert not any("Portfolio" in option or "PF0" in option for option in options)
    assert 'data-quote-suggest="buyer"' in body
    assert 'data-autocomplete="/autocomplete/agreement/"' in body
    assert 'data-quote-suggest="product"' in body


def test_quote_page_with_an_ambiguous_entity_names_the_agreement_field(portfolio, client_as):
    entity = LegalEntity.objects.get(slug="portfolio-4-customer-1")
    CustomerMembershipFactory(
        added_by=Agreement.objects.get(contract_number="PF0007").amendments.get(number=1), entity=entity
    )
    params = {
        "entity": entity.slug,
        "on": "2000-03-01",
        "form-TOTAL_FORMS": 1,
        "form-INITIAL_FORMS": 0,
        "form-0-product": "DDM PLUS",
        "form-0-quantity": 1,
    }
    response = client_as("buyer").get(QUOTE, params)
    assert response.context["result"] is None
    assert (
        "Agreement: Portfolio 4 Customer 1 is a Customer on 2000-03-01 under 2 agreements" in response.content.decode()
    )


@pytest.mark.parametrize("model", ["discountline", "discounttable", "product", "warrantyterm", "productname"])
def test_admin_lists_filter_by_small_choices_only(portfolio, client_as, model):
    response = client_as("admin").get(f"/admin/pricing/{model}/")
    assert response.status_code == 200
    filters = response.content.decode().partition('id="changelist-filter"')[2]
    assert "5ESS Switch Products" not in filters and "Amendment 2" not in filters


def test_admin_product_search_uses_every_name(seed, client_as):
    response = client_as("admin").get("/admin/pricing/product/", {"q": "psas"})
    assert "PathStar" in response.content.decode()
