"""The quote's limits (issue 14): enforced before the work is done, and a field error, never a 500.

Finding 2: `GET /pricing/quote/?form-TOTAL_FORMS=1050&…` built and rendered 1,050 line forms (Django's
`absolute_max` alone still builds 50 and renders them with the error). The line count is now refused
from the management form before any line form is built; the API checks the length of `lines` first.

Finding 5: `POST /api/v1/quotes/` with list price 100,000,000 and quantity 1,000,000 raised
`decimal.InvalidOperation` (an amount wider than the answer's field). The magnitudes are decided in
`pricing.results`: a unit price below 10^10, a quantity up to 10^6, and answer fields wide enough for
any product of them; anything else is a field error.
"""

import json
from decimal import Decimal
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pricing import forms as quote_forms
from pricing.forms import API_MAX_LINES, MAX_LINES

pytestmark = pytest.mark.django_db

QUOTE = "/pricing/quote/"
QUOTES = "/api/v1/quotes/"


def page_params(total_forms, lines=()):
    params = {
        "entity": "kmc-telecom-iii",
        "agreement": "LNM970313MP",
        "on": "2000-03-01",
        "form-TOTAL_FORMS": total_forms,
        "form-INITIAL_FORMS": 0,
        "form-MIN_NUM_FORMS": 0,
        "form-MAX_NUM_FORMS": 50,
    }
    for i, line in enumerate(lines):
        params.update({f"form-{i}-quantity": 1, **{f"form-{i}-{k}": v for k, v in line.items()}})
    return params


@pytest.fixture
def line_forms_built():
    """Counts the quote line forms constructed while the test runs."""
    built = []
    original = quote_forms.QuoteLineForm.__init__

    def counting(self, *args, **kwargs):
        built.append(kwargs.get("prefix"))
        original(self, *args, **kwargs)

    with mock.patch.object(quote_forms.QuoteLineForm, "__init__", counting):
        yield built


# Finding 2: the number of lines


@pytest.mark.parametrize("total_forms", [MAX_LINES + 1, 1050, 10**9])
def test_oversized_quote_page_builds_no_line_form(seed, client_as, line_forms_built, total_forms):
    client = client_as("buyer")
    client.get(QUOTE)  # the session and permission caches, as for any later request
    line_forms_built.clear()
    params = page_params(total_forms, [{"product": "PSAS", "list_price": "10"}] * 3)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(QUOTE, params)
    assert response.status_code == 200
    body = response.content.decode()
    assert "A quote has at most 50 lines" in body and "Start a new quote" in body
    assert line_forms_built == []
    assert 'name="form-0-product"' not in body
    assert response.context["result"] is None
    # The session, the user and the header's records; no pricing table is read.
    assert not any("pricing_" in query["sql"] for query in queries.captured_queries)
    assert len(queries.captured_queries) <= 12
    assert len(response.content) < 20_000


def test_quote_page_of_the_largest_size_is_priced(seed, client_as, line_forms_built):
    params = page_params(MAX_LINES, [{"product": "PSAS", "list_price": "10"}] * MAX_LINES)
    response = client_as("buyer").get(QUOTE, params)
    assert response.status_code == 200
    assert len(response.context["result"].lines) == MAX_LINES
    # The lines asked for, and the empty line a new one is copied from (static/js/formset.js).
    assert len([prefix for prefix in line_forms_built if prefix != "form-__prefix__"]) == MAX_LINES
    assert len(line_forms_built) == MAX_LINES + 1


def test_oversized_api_quote_is_refused_before_any_line_is_read(seed, api_client_as, line_forms_built):
    body = {"entity": "kmc-telecom-iii", "on": "2000-03-01", "lines": [{"product": "PSAS"}] * (API_MAX_LINES + 1)}
    api = api_client_as("buyer")
    with mock.patch.object(quote_forms.QuoteForm, "full_clean") as header_read:
        response = api.post(QUOTES, body, format="json")
    assert response.status_code == 400
    assert response.json()["lines"] == [
        "A quote has at most 1000 lines; this one asked for more. Split it into several quotes."
    ]
    assert line_forms_built == [] and not header_read.called


# Finding 5: magnitudes


def quote(api, *lines):
    body = {"entity": "kmc-telecom-iii", "on": "2000-03-01", "lines": list(lines)}
    return api.post(QUOTES, body, format="json")


def test_the_reported_quote_is_priced_exactly(seed, api_client_as):
    response = quote(api_client_as("buyer"), {"product": "PSAS", "list_price": "100000000", "quantity": 1_000_000})
    assert response.status_code == 200, response.content
    [line] = response.json()["lines"]
    assert (line["extended_list"], line["extended_net"]) == ("100000000000000.00", "60000000000000.00")


def test_the_largest_quote_is_priced_exactly(seed, api_client_as):
    """The most lines at the largest unit price and quantity: every amount fits its field, to the cent."""
    line = {"product": "DDM PLUS", "list_price": "9999999999.99", "quantity": 1_000_000}
    response = quote(api_client_as("buyer"), *[line] * API_MAX_LINES)
    assert response.status_code == 200, response.content
    body = response.json()
    extended = Decimal("9999999999.99") * 1_000_000
    net = (extended * Decimal("0.73")).quantize(Decimal("0.01"))
    assert body["lines"][0]["extended_list"] == f"{extended:.2f}"
    assert body["lines"][0]["extended_net"] == f"{net:.2f}"
    assert Decimal(body["total_net"]) == net * API_MAX_LINES


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("list_price", "10000000000", "no more than 10 digits before the decimal point"),
        ("list_price", "1.005", "no more than 2 decimal places"),
        ("list_price", "-1", "greater than or equal to 0"),
        ("list_price", "NaN", "Enter a number"),
        ("list_price", "Infinity", "Enter a number"),
        ("quantity", 1_000_001, "less than or equal to 1000000"),
        ("quantity", 0, "greater than or equal to 1"),
        ("quoted_unit_price", "1e12", "no more than 12 digits in total"),
        ("comparable_5ess_price", "1e17", "no more than 16 digits before the decimal point"),
    ],
)
def test_out_of_range_numbers_are_field_errors(seed, api_client_as, client_as, field, value, message):
    line = {"product": "PSAS", "list_price": "10", field: value}
    response = quote(api_client_as("buyer"), line)
    assert response.status_code == 400
    assert message in json.dumps(response.json()["lines"])
    page = client_as("buyer").get(QUOTE, page_params(1, [line]))
    assert page.status_code == 200 and message in page.content.decode()


NUMBER_TEXTS = st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.decimals(min_value=0, max_value=Decimal(10) ** 20, places=2).map(str),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(
        [
            "NaN",
            "-NaN",
            "sNaN",
            "Infinity",
            "-Infinity",
            "inf",
            "1e400",
            "1E-400",
            "-0",
            "0E-1000",
            "9" * 60,
            " 12 ",
            "",
        ]
    ),
)
LARGE_PRICES = st.one_of(
    st.sampled_from(["100000000", "9999999999.99", "10000000000", "999999999999.99", "0.01", "0"]),
    st.decimals(min_value=0, max_value=Decimal(10) ** 12, places=2).map(str),
)
LARGE_QUANTITIES = st.one_of(st.sampled_from([1, 999_999, 1_000_000]), st.integers(min_value=1, max_value=10**6))
EXTREME_LINES = st.fixed_dictionaries(
    {
        "product": st.sampled_from(["PSAS", "DDM PLUS", "5ESS Switch", "7R/E Packet Solutions"]),
        "condition": st.sampled_from(["", "growth", "initial_switch"]),
        "list_price": st.one_of(LARGE_PRICES, NUMBER_TEXTS),
        "quantity": st.one_of(LARGE_QUANTITIES, NUMBER_TEXTS),
    },
    optional={
        "stsx1_cards_added": NUMBER_TEXTS,
        "quoted_unit_price": st.one_of(LARGE_PRICES, NUMBER_TEXTS),
        "comparable_5ess_price": st.one_of(LARGE_PRICES, NUMBER_TEXTS),
    },
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(EXTREME_LINES, min_size=1, max_size=3))
def test_extreme_numbers_give_an_answer_or_a_field_error(seed, api_client_as, client_as, lines):
    response = quote(api_client_as("buyer"), *lines)
    assert response.status_code in (200, 400), response.content[:500]
    if response.status_code == 400:
        assert set(response.json()) <= {"lines", "entity", "agreement", "on"}
    page_lines = [{k: "" if v is None else v for k, v in line.items()} for line in lines]
    page = client_as("buyer").get(QUOTE, page_params(len(lines), page_lines))
    assert page.status_code == 200
