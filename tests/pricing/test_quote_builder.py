"""The quote builder (issue 13): lines up to a limit, buyers limited to Customers, inputs per product,
outcomes in words, a printout that says who prepared it, and quotes saved and reopened with history."""

import html
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contracts.models import LegalEntity
from pricing.forms import MAX_LINES
from pricing.models import DiscountLine, SavedQuote, SavedQuoteLine

pytestmark = pytest.mark.django_db

QUOTE = "/pricing/quote/"
SAVE = "/pricing/quote/save/"
SUGGEST = "/pricing/quote/suggestions/"
SAVED = "/pricing/quotes/"


def params(lines, *, entity="kmc-telecom-iii", on="2000-03-01", as_agreed="", total=None, **extra):
    query = {
        "agreement": "LNM970313MP",
        "entity": entity,
        "on": on,
        "as_agreed": as_agreed,
        "form-TOTAL_FORMS": len(lines) if total is None else total,
        "form-INITIAL_FORMS": 0,
        **extra,
    }
    for i, line in enumerate(lines):
        query.update({f"form-{i}-quantity": 1, **{f"form-{i}-{k}": v for k, v in line.items()}})
    return query


def body_of(response):
    return response.content.decode()


# Lines: any number up to the documented limit


def test_add_a_line_without_javascript_adds_one_line_and_keeps_the_answer(seed, client_as):
    query = params([{"product": "PSAS", "list_price": "100"}], _add_line="1")
    response = client_as("buyer").get(QUOTE, query)
    body = body_of(response)
    assert 'name="form-TOTAL_FORMS" value="2"' in body
    assert 'name="form-1-product"' in body and 'name="form-2-product"' not in body
    assert response.context["result"].total_net == Decimal("60.00")  # PSAS 40% (A-1.22)
    assert "This field is required" not in body  # the new, empty line is not an error


def test_add_a_line_at_the_limit_is_refused_with_a_reason(seed, client_as):
    lines = [{"product": "PSAS", "list_price": "10"}] * MAX_LINES
    response = client_as("buyer").get(QUOTE, params(lines, _add_line="1"))
    body = body_of(response)
    assert f"A quote has at most {MAX_LINES} lines; this one has that many already" in body
    assert f'name="form-{MAX_LINES}-product"' not in body
    assert len(response.context["result"].lines) == MAX_LINES


def test_one_line_over_the_limit_builds_no_form_and_stays_small(seed, client_as):
    client = client_as("buyer")
    at_limit = client.get(QUOTE, params([{"product": "PSAS", "list_price": "10"}] * MAX_LINES))
    over = client.get(QUOTE, params([{"product": "PSAS", "list_price": "10"}] * MAX_LINES, total=MAX_LINES + 1))
    assert at_limit.context["result"] is not None
    assert over.context["result"] is None and over.context["line_forms"] == []
    assert "A quote has at most 50 lines" in body_of(over)
    assert len(over.content) * 5 < len(at_limit.content)


def test_twenty_lines_cost_the_same_queries_as_two(seed, client_as):
    client = client_as("buyer")
    names = ["PSAS", "DDM PLUS", "BICR", "MSDT", "5ESS Switch"]
    two = params([{"product": n, "list_price": "10"} for n in names[:2]])
    twenty = params([{"product": n, "list_price": "10"} for n in names * 4])
    client.get(QUOTE, two)
    with CaptureQueriesContext(connection) as few:
        client.get(QUOTE, two)
    with CaptureQueriesContext(connection) as many:
        response = client.get(QUOTE, twenty)
    assert len(response.context["result"].lines) == 20
    assert len(many.captured_queries) == len(few.captured_queries)


def test_a_removed_line_is_not_priced(seed, client_as):
    lines = [{"product": "PSAS", "list_price": "100"}, {"product": "DDM PLUS", "list_price": "100", "DELETE": "on"}]
    result = client_as("buyer").get(QUOTE, params(lines)).context["result"]
    assert [line.product_name for line in result.lines] == ["PathStar(TM) Access Server"]


# The buying entity


def test_buyers_offered_are_the_customers_on_the_date_never_the_seller(seed, client_as):
    client = client_as("buyer")
    response = client.get(QUOTE, params([{"product": "PSAS", "list_price": "10"}]))
    offered = {entity.slug for entity in response.context["customers"]}
    assert "kmc-telecom-iii" in offered
    assert "lucent" not in offered and "kmc-telecom-holdings" not in offered
    datalist = body_of(response).split('<datalist id="quote-buyers">')[1].split("</datalist>")[0]
    assert 'value="kmc-telecom-iii"' in datalist and "lucent" not in datalist
    suggested = client.get(SUGGEST, {"kind": "buyer", "agreement": "LNM970313MP", "on": "2000-03-01", "q": "kmc"})
    assert {r["value"] for r in suggested.json()["results"]} == offered
    everyone = client.get(
        SUGGEST, {"kind": "buyer", "agreement": "LNM970313MP", "on": "2000-03-01", "all": "1", "q": "kmc"}
    )
    values = {r["value"] for r in everyone.json()["results"]}
    assert "kmc-telecom-holdings" in values and "lucent" not in values
    not_all = client.get(
        SUGGEST, {"kind": "buyer", "agreement": "LNM970313MP", "on": "2000-03-01", "all": "0", "q": "kmc"}
    )
    assert {r["value"] for r in not_all.json()["results"]} == offered
    unclear = client.get(
        SUGGEST, {"kind": "buyer", "agreement": "LNM970313MP", "on": "2000-03-01", "all": "maybe", "q": "kmc"}
    )
    assert unclear.status_code == 400
    assert unclear.json() == {"errors": {"all": ["Give yes or no (true or false, 1 or 0), not “maybe”."]}}


def test_a_non_customer_is_refused_unless_all_entities_are_shown_and_then_told_why(seed, client_as):
    client = client_as("buyer")
    line = [{"product": "PSAS", "list_price": "100"}]
    refused = client.get(QUOTE, params(line, entity="kmc-telecom-holdings"))
    body = body_of(refused)
    assert refused.context["result"] is None
    assert "Not a Customer of LNM970313MP on 2000-03-01" in body and "Show all entities" in body
    shown = client.get(QUOTE, params(line, entity="kmc-telecom-holdings", all_entities="on"))
    result = shown.context["result"]
    assert result.total_net == Decimal("0") and not result.complete
    assert "gets no discount under the agreement on the order date" in body_of(shown)
    assert any(w.startswith("No discount under the agreement") for w in result.lines[0].warnings)


def test_show_all_entities_neither_yes_nor_no_is_refused_and_0_means_no(seed, client_as):
    client = client_as("buyer")
    line = [{"product": "PSAS", "list_price": "100"}]
    unclear = client.get(QUOTE, params(line, entity="kmc-telecom-holdings", all_entities="maybe"))
    assert unclear.context["result"] is None
    assert "Give yes or no (true or false, 1 or 0), not “maybe”." in html.unescape(body_of(unclear))
    no = client.get(QUOTE, params(line, entity="kmc-telecom-holdings", all_entities="0"))
    assert no.context["result"] is None
    assert "Not a Customer of LNM970313MP on 2000-03-01" in body_of(no)


@pytest.mark.parametrize("all_entities", ["", "on"])
def test_the_seller_is_never_a_buyer(seed, client_as, api_client_as, all_entities):
    line = [{"product": "PSAS", "list_price": "100"}]
    response = client_as("buyer").get(QUOTE, params(line, entity="lucent", all_entities=all_entities))
    assert response.context["result"] is None
    assert "is the Seller under LNM970313MP" in body_of(response)
    api = api_client_as("buyer").post(
        "/api/v1/quotes/", {"entity": "lucent", "agreement": "LNM970313MP", "on": "2000-03-01", "lines": line}
    )
    assert api.status_code == 400 and "is the Seller" in api.json()["entity"][0]


# What the page says


def test_outcomes_and_rules_are_words_not_codes(seed, client_as):
    lines = [
        {"product": "5ESS Switch", "condition": "growth", "stsx1_cards_added": 7, "list_price": "100"},
        {"product": "DACS IV 2000 Systems", "list_price": "100"},  # "see 1.15.1 below": no number
        {"product": "No such product", "list_price": "100"},
    ]
    body = body_of(client_as("buyer").get(QUOTE, params(lines)))
    for code in ("growth_definition", "NONUMBER", "NOTAPPLICABLE", "no_number", "not_applicable", "<small>rule"):
        assert code not in body.split('id="quote-result"')[1], code
    assert "Discount applies (footnote rule: large / peripheral growth)" in body
    assert "The schedule lists it but prints no discount figure" in body
    assert "No discount applies" in body
    assert "List × qty" in body and "Net = list × qty × (1 − discount)" in body


def test_printout_names_agreement_date_preparer_and_every_clause(seed, client_as, users):
    lines = [{"product": "PSAS", "list_price": "100"}, {"product": "5ESS Switch", "condition": "initial_switch"}]
    response = client_as("buyer").get(QUOTE, params(lines))
    body = body_of(response)
    result = body.split('id="quote-result"')[1]
    assert "Agreement <strong>LNM970313MP</strong>" in result
    assert "Order date <strong>2000-03-01</strong>" in result
    assert f"Prepared by <strong>{users['buyer'].username}</strong>" in result
    for line in response.context["result"].lines:
        assert html.escape(str(line.clause)) in result.split("Clauses cited")[1]
    assert "/static/css/quote.css" in body


@pytest.mark.parametrize(
    ("product", "shown", "under_more"),
    [
        ("5ESS Switch", {"condition", "stsx1_cards_added"}, {"quoted_unit_price", "order_code"}),
        ("7R/E Packet Solutions", {"quoted_unit_price", "comparable_5ess_price"}, {"stsx1_cards_added"}),
        ("PSAS", set(), {"condition", "stsx1_cards_added", "quoted_unit_price", "order_code"}),
    ],
)
def test_product_specific_inputs_are_shown_only_where_the_product_needs_them(
    seed, client_as, product, shown, under_more
):
    response = client_as("buyer").get(QUOTE, params([{"product": product}]))
    form, main, more = response.context["line_forms"][0]
    assert shown <= {field.name for field in main}
    assert under_more <= {field.name for field in more}
    asked = client_as("buyer").get(SUGGEST, {"kind": "inputs", "agreement": "LNM970313MP", "q": product}).json()
    assert shown <= set(asked["inputs"]) and not (under_more & set(asked["inputs"]))


def test_a_new_line_has_every_product_input_under_more_inputs(seed, client_as):
    response = client_as("buyer").get(QUOTE)
    _, main, more = response.context["line_forms"][0]
    assert {f.name for f in main} == {"product", "component", "list_price", "quantity"}
    assert "More inputs" in body_of(response)


def test_product_suggestions_show_schedule_and_components(seed, client_as):
    results = client_as("buyer").get(SUGGEST, {"kind": "product", "agreement": "LNM970313MP", "q": "oc 12"}).json()
    labels = [r["label"] for r in results["results"]]
    assert any("A-1.15" in label and "components:" in label for label in labels), labels


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"kind": "nonsense"}, "kind"),
        ({"kind": "buyer", "on": "2000-02-30"}, "on"),
        ({"kind": "buyer", "as_agreed": "x"}, "as_agreed"),
        ({"kind": "product", "agreement": "NO-SUCH"}, "agreement"),
        ({"kind": "product", "q": "x" * 201}, "q"),
    ],
)
def test_bad_suggestion_questions_name_the_field(seed, client_as, query, field):
    response = client_as("buyer").get(SUGGEST, query)
    assert response.status_code == 400 and field in response.json()["errors"]


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ({"on": "2000-13-01"}, "Order date: Enter a valid date."),
        ({"as_agreed": "yesterday"}, "As agreed on: Enter a valid date."),
        ({"entity": "nobody-at-all"}, "No legal entity has the key, id or name"),
        ({"agreement": "NO-SUCH-1"}, "No agreement has the key, id or name"),
    ],
)
def test_bad_header_input_is_a_field_error_and_keeps_what_was_typed(seed, client_as, header, message):
    query = {**params([{"product": "PSAS", "list_price": "10"}]), **header}
    response = client_as("buyer").get(QUOTE, query)
    body = body_of(response)
    assert response.status_code == 200 and message in body
    assert f'value="{next(iter(header.values()))}"' in body


# Saving and reopening


def save(client, query, title="Central office build"):
    return client.post(f"{SAVE}?{'&'.join(f'{k}={v}' for k, v in query.items())}", {"title": title})


LINES = [
    {"product": "PSAS", "list_price": "1000.00"},
    {"product": "5ESS Switch", "condition": "growth", "stsx1_cards_added": 7, "list_price": "10.05"},
]


def test_a_saved_quote_reopens_with_the_same_answer_and_history(seed, client_as, users):
    client = client_as("buyer")
    response = save(client, params(LINES))
    quote = SavedQuote.objects.get()
    assert response.status_code == 302 and response.url == f"{SAVED}{quote.pk}/"
    assert (quote.owner, quote.title, quote.saved_total_net) == (
        users["buyer"],
        "Central office build",
        Decimal("602.31"),
    )
    assert [line.product for line in quote.lines.all()] == ["PSAS", "5ESS Switch"]
    record = quote.history.get()
    assert (record.history_user, record.history_change_reason) == (users["buyer"], "Quote saved")
    page = client.get(response.url)
    body = body_of(page)
    assert "Same answer as when it was saved" in body and "602.31" in body
    assert "Open in the quote builder" in body


def test_reopening_says_when_the_answer_differs(seed, client_as):
    client = client_as("buyer")
    save(client, params(LINES))
    quote = SavedQuote.objects.get()
    psas = DiscountLine.objects.filter(product__name="PathStar(TM) Access Server", percent=Decimal("40"))
    assert psas
    for line in psas:
        line.percent = Decimal("45")  # a correction recorded after the quote was saved
        line.save()
    body = body_of(client.get(f"{SAVED}{quote.pk}/"))
    assert "The answer differs from when the quote was saved" in body
    assert "Line 1 (PSAS): when saved, 40% off, net 600.00" in body and "now, 45% off, net 550.00" in body
    assert "Net total: 602.31 when saved, 552.31 now." in body


def test_saving_a_reopened_quote_again_keeps_the_earlier_version(seed, client_as):
    client = client_as("buyer")
    save(client, params(LINES))
    quote = SavedQuote.objects.get()
    reopened = client.get(f"{SAVED}{quote.pk}/")
    builder = client.get(f"{QUOTE}?{reopened.context['builder_query']}")
    assert builder.context["saved"] == quote and builder.context["result"].total_net == Decimal("602.31")
    save(client, params(LINES[:1], saved=quote.pk), title="Central office build, PSAS only")
    quote.refresh_from_db()
    assert SavedQuote.objects.count() == 1 and quote.lines.count() == 1
    assert [r.title for r in quote.history.order_by("history_id")] == [
        "Central office build",
        "Central office build, PSAS only",
    ]
    assert SavedQuoteLine.history.filter(history_type="-").count() == 2


@pytest.mark.parametrize(
    ("title", "query_change"), [("", {}), ("x" * 201, {}), ("Fine", {"on": "nonsense"})], ids=["blank", "long", "bad"]
)
def test_a_quote_is_not_saved_from_bad_input(seed, client_as, title, query_change):
    response = save(client_as("buyer"), {**params(LINES), **query_change}, title=title)
    assert response.status_code == 400 and "Not saved" in body_of(response)
    assert not SavedQuote.objects.exists()


# Permissions for the three roles


def test_permissions_of_the_three_roles(seed, client_as, django_user_model, users):
    from tests.conftest import make_user

    client = client_as("buyer")
    save(client, params(LINES))
    quote = SavedQuote.objects.get()
    other = make_user(django_user_model, "buyer-2", "buyer")
    client.force_login(other)
    assert client.get(f"{SAVED}{quote.pk}/").status_code == 404
    assert "Central office build" not in body_of(client.get(SAVED))
    assert client.get(f"/api/v1/saved-quotes/{quote.pk}/").status_code == 404
    # A buyer cannot save over another buyer's quote: it is saved as the buyer's own.
    save(client, params(LINES, saved=quote.pk), title="Mine")
    assert SavedQuote.objects.get(pk=quote.pk).title == "Central office build"
    assert SavedQuote.objects.get(title="Mine").owner == other

    for role in ("admin", "auditor"):
        client = client_as(role)
        assert client.get(f"{SAVED}{quote.pk}/").status_code == 200
        assert "Central office build" in body_of(client.get(SAVED))
        listed = client.get("/api/v1/saved-quotes/").json()
        assert {q["title"] for q in listed["results"]} == {"Central office build", "Mine"}
    auditor = client_as("auditor")
    assert auditor.get(QUOTE).status_code == 403
    assert save(auditor, params(LINES)).status_code == 403
    assert "Open in the quote builder" not in body_of(auditor.get(f"{SAVED}{quote.pk}/"))
    assert SavedQuote.objects.count() == 2


def test_saved_quote_api_detail_gives_inputs_and_saved_answers(seed, client_as, api_client_as):
    save(client_as("buyer"), params(LINES))
    quote = SavedQuote.objects.get()
    body = api_client_as("buyer").get(f"/api/v1/saved-quotes/{quote.pk}/").json()
    assert (body["agreement"], body["entity"], body["saved_total_net"]) == ("LNM970313MP", "kmc-telecom-iii", "602.31")
    assert [line["saved_extended_net"] for line in body["lines"]] == ["600.00", "2.31"]
    assert body["lines"][1]["condition"] == "growth" and body["lines"][1]["stsx1_cards_added"] == 7


def test_saved_quotes_are_paginated(seed, client_as, users):
    client = client_as("buyer")
    for i in range(27):
        SavedQuote.objects.create(
            owner=users["buyer"],
            title=f"Quote {i}",
            agreement=seed,
            entity=LegalEntity.objects.get(slug="kmc-telecom-iii"),
            on="2000-03-01",
            saved_total_net=Decimal("1"),
        )
    first = client.get(SAVED)
    assert len(first.context["quotes"]) == 25 and "Page 1 of 2" in body_of(first)
    assert len(client.get(SAVED, {"page": 2}).context["quotes"]) == 2
