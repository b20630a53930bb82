"""A quote of 1,000 lines (issue 11): read, priced and written in one pass, with the answers of before.

The API reads lines with `pricing.api.quote_lines.LineReader` (the line form's rules, without a form per
line), judges each distinct line once (`pricing.engine.price_quote`), writes the answer with
`quote_answer` and renders it with `AnswerRenderer`. Each is compared here with what it replaced: the
line serializer (`QuoteLineRequestSerializer`, a form per line), pricing every line on its own
(`pricing.engine.price_line`), `QuoteResponseSerializer` and DRF's `JSONRenderer`: equal values, equal
errors, equal bytes.
"""

import random
from dataclasses import fields, replace
from datetime import date
from decimal import Decimal
from unittest import mock

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer

from contracts.models import Agreement, LegalEntity
from pricing import engine
from pricing.api.quote_lines import LineReader
from pricing.api.quotes import AnswerRenderer
from pricing.api.serializers import QuoteLineRequestSerializer, QuoteRequestSerializer, QuoteResponseSerializer
from pricing.catalog import load_catalog
from pricing.choices import Component
from pricing.forms import API_MAX_LINES, QuoteLineForm, line_request
from pricing.results import PACKET_COMPONENTS, LineRequest, QuoteResult, UserCondition

QUOTES = "/api/v1/quotes/"
SEED = "LNM970313MP"
COMPONENTS = ["", *(value for value, _ in Component.choices)]
CONDITIONS = [value for value, _ in UserCondition.CHOICES]
LIST_PRICES = ["0", "0.01", "99.99", "120.5", "1000.00", "250000", "9999999999.99", 700, 42000.5, "", None]
QUANTITIES = [1, 2, 7, 13, 1_000_000]


class OldQuoteRequestSerializer(QuoteRequestSerializer):
    """The request serializer as it was: every line through `QuoteLineRequestSerializer` (a form each)."""

    lines = serializers.ListSerializer(child=QuoteLineRequestSerializer(), allow_empty=False, max_length=API_MAX_LINES)


def varied_lines(names, rng, count):
    """`count` lines over `names` (and names that find none or several products), with every component,
    condition, 7R/E input, list price and quantity; then a third more repeated exactly, and a third
    more repeated with another quantity."""
    lines = []
    for _ in range(count):
        line = {"product": rng.choice([*names, "5ESS", "DDM", "No such product", "  PSAS  "])}
        if rng.random() < 0.4:
            line["component"] = rng.choice(COMPONENTS)
        if rng.random() < 0.4:
            line["condition"] = rng.choice(CONDITIONS)
        if rng.random() < 0.3 or line.get("condition") == UserCondition.GROWTH and rng.random() < 0.9:
            line["stsx1_cards_added"] = rng.choice([0, 3, 7, 40, 100_000])
        if rng.random() < 0.15:
            line["order_code"] = rng.choice(["", "ED8C902-30 G-3", "ED8C902-30"])
        if rng.random() < 0.8:
            line["list_price"] = rng.choice(LIST_PRICES)
        if rng.random() < 0.7:
            line["quantity"] = rng.choice(QUANTITIES)
        if rng.random() < 0.25:
            line["packet_components"] = rng.sample(PACKET_COMPONENTS, rng.randint(0, 3))
            line["installed_at_one_time"] = rng.random() < 0.6
            line["quoted_unit_price"] = rng.choice([None, "1000", "99999.99", "0"])
            line["comparable_5ess_price"] = rng.choice([None, "0", "120000", "5000000.00"])
        lines.append(line)
    lines += [rng.choice(lines) for _ in range(count // 3)]
    lines += [{**rng.choice(lines), "quantity": rng.choice(QUANTITIES)} for _ in range(count // 3)]
    rng.shuffle(lines)
    return lines


def seed_names():
    catalog = load_catalog(Agreement.objects.get(contract_number=SEED))
    return [p.name for p in catalog.products] + [n.name for n in catalog.names]


def typed(values):
    """Values with their types and exact text (Decimal("1.0") and Decimal("1.00") differ here)."""
    return {name: (type(value), repr(value)) for name, value in values.items()}


def form_reading(line):
    try:
        return QuoteLineRequestSerializer().run_validation(line)
    except ValidationError:
        return None


# Reading lines


_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-3, max_value=3),
    st.sampled_from([100_000, 100_001, 1_000_000, 1_000_001, 10**20]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["", " ", "0", "1", "-1", "1.005", "1e3", "1_000", " 12.50 ", "NaN", "Infinity", "abc", "x" * 201]),
    st.sampled_from(["12345678901.23", "9999999999.99", "0.001", "-0", "true", "false", "PSAS", "\x00", "a\x00b"]),
    st.sampled_from([*COMPONENTS, *CONDITIONS, *PACKET_COMPONENTS, "Hardware", "growth "]),
    st.lists(st.sampled_from([*PACKET_COMPONENTS, "other", 1]), max_size=4),
    st.dictionaries(st.just("a"), st.integers(), max_size=1),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(line=st.dictionaries(st.sampled_from([*QuoteLineForm.base_fields, "unknown"]), _VALUES, max_size=8))
def test_reader_reads_any_line_as_the_form_does_or_leaves_it_to_the_form(line):
    read = LineReader(QuoteLineForm).checker()(line)
    if read is not None:
        expected = form_reading(line)
        assert expected is not None, line
        assert typed(read) == typed(expected)


def test_reader_reads_ordinary_lines_itself():
    """Every line the form accepts among the varied ones (numbers as JSON numbers or decimal text) is read
    without the form; the ones it refuses are left to it, which names the error."""
    reader = LineReader(QuoteLineForm)
    assert reader.available
    read = reader.checker()
    names = ["PSAS", "5ESS Switch", "DDM PLUS", "Call Feature Server", "ED8C902-30 G-3"]
    lines = varied_lines(names, random.Random(11), 300)
    refused = 0
    for line in lines:
        expected = form_reading(line)
        assert (read(line) is None) == (expected is None), line
        refused += expected is None
        if expected is not None:
            assert typed(read(line)) == typed(expected)
    assert 0 < refused < len(lines) / 4  # growth without cards is refused


def test_a_line_given_again_is_read_once_and_shared():
    read = LineReader(QuoteLineForm).checker()
    first = read({"product": "PSAS", "quantity": 2})
    assert read({"product": "PSAS", "quantity": 2}) is first
    # Equal in Python, not to the form: true is not a quantity.
    assert read({"product": "PSAS", "quantity": True}) is None


def test_reader_is_unavailable_for_a_form_it_does_not_know():
    class WithOwnCheck(QuoteLineForm):
        def clean_product(self):
            return self.cleaned_data["product"]

    class WithOtherField(QuoteLineForm):
        when = forms.DateField(required=False)

    assert not LineReader(WithOwnCheck).available
    assert not LineReader(WithOtherField).available


# The engine: each distinct line judged once


def test_judgement_key_holds_every_input_but_list_price_and_quantity():
    base = LineRequest(product="PSAS", list_price=Decimal("10"), quantity=2)
    changes = {
        "product": "DDM PLUS",
        "component": "cables",
        "condition": "growth",
        "stsx1_cards_added": 3,
        "order_code": "X",
        "packet_components": frozenset({"packet_gateway"}),
        "installed_at_one_time": True,
        "quoted_unit_price": Decimal("5"),
        "comparable_5ess_price": Decimal("7"),
    }
    assert set(changes) == {f.name for f in fields(LineRequest)} - {"list_price", "quantity"}
    for name, value in changes.items():
        assert engine.judgement_key(replace(base, **{name: value})) != engine.judgement_key(base), name
    assert engine.judgement_key(replace(base, list_price=None, quantity=9)) == engine.judgement_key(base)
    # The minimum-savings check of a firm quotation reads the quantity.
    quoted = replace(base, quoted_unit_price=Decimal("5"))
    assert engine.judgement_key(replace(quoted, quantity=9)) != engine.judgement_key(quoted)


@pytest.mark.django_db
def test_a_quote_judges_each_distinct_line_once(seed):
    catalog = load_catalog(Agreement.objects.get(contract_number=SEED))
    entity = LegalEntity.objects.get(slug="kmc-telecom-iii")
    lines = [
        LineRequest(product=name, list_price=Decimal(100 + i), quantity=1 + i % 7)
        for i, name in enumerate(["PSAS", "DDM PLUS", "5ESS Switch", "BICR"] * 250)
    ]
    with mock.patch.object(engine, "judge_line", wraps=engine.judge_line) as judged:
        result = engine.price_quote(catalog, lines=lines, on=date(2000, 3, 1), entity=entity)
    assert judged.call_count == 4
    eligible = engine.eligibility(catalog, entity, result.as_of)
    assert result.lines == tuple(engine.price_line(catalog, r, as_of=result.as_of, eligible=eligible) for r in lines)


# The API: the answers of before, byte for byte


def answer_before(body):
    """The API's answer as the serializers and line-by-line pricing gave it (a 400 as the errors)."""
    query = OldQuoteRequestSerializer(data=body)
    if not query.is_valid():
        return None, query.errors
    data = query.validated_data
    catalog = load_catalog(data["agreement"])
    requests = [line_request(line) for line in data["lines"]]

    def each_line(as_agreed):
        as_of = engine.AsOf(on=data["on"], as_agreed=as_agreed)
        eligible = engine.eligibility(catalog, data["entity"], as_of)
        lines = tuple(engine.price_line(catalog, r, as_of=as_of, eligible=eligible) for r in requests)
        return QuoteResult(as_of, data["entity"].name, eligible, lines)

    result = each_line(data.get("as_agreed"))
    now = [None] * len(requests)
    if data.get("as_agreed") is not None:
        now = [None if a.same_answer(b) else b for a, b in zip(result.lines, each_line(None).lines, strict=True)]
    return JSONRenderer().render(QuoteResponseSerializer(result, context={"now": now}).data), None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("entity", "on", "as_agreed"),
    [
        ("kmc-telecom-iii", "2000-03-01", None),
        ("kmc-telecom-iii", "1999-10-15", "1999-11-01"),
        ("kmc-telecom-iii", "1998-06-01", "1998-12-01"),
        ("kmc-telecom-leasing-iv", "1999-10-15", None),  # an entity that is not a Customer on the date
        ("kmc-telecom-ii", "1997-01-02", "1999-11-01"),  # before the Term
        ("kmc-telecom-iii", "2003-06-01", None),
    ],
)
def test_the_api_answers_as_before(seed, api_client_as, entity, on, as_agreed):
    lines = varied_lines(seed_names(), random.Random(f"{entity}{on}"), 240)
    lines = [line for line in lines if form_reading(line) is not None]  # bad lines: see below
    body = {"entity": entity, "agreement": SEED, "on": on, "as_agreed": as_agreed, "lines": lines}
    expected, errors = answer_before(body)
    assert errors is None
    response = api_client_as("buyer").post(QUOTES, body, format="json")
    assert response.status_code == 200
    assert response.content == expected


@pytest.mark.django_db
def test_equal_amounts_written_differently_are_answered_as_written(seed, api_client_as):
    firm = {"product": "Call Feature Server", "packet_components": list(PACKET_COMPONENTS)}
    lines = [
        {**firm, "quoted_unit_price": "0", "comparable_5ess_price": "10"},
        {**firm, "quoted_unit_price": "-0", "comparable_5ess_price": "10.0"},
        {**firm, "quoted_unit_price": "0.00", "comparable_5ess_price": "10"},
        {"product": "PSAS", "list_price": 0.0},
        {"product": "PSAS", "list_price": -0.0},
        {"product": "PSAS", "list_price": "-0"},
        {"product": "PSAS", "list_price": "1.0", "quantity": 3},
        {"product": "PSAS", "list_price": "1.00", "quantity": 3},
        {"product": "PSAS", "list_price": 1, "quantity": 3},
    ]
    body = {"entity": "kmc-telecom-iii", "agreement": SEED, "on": "2000-03-01", "lines": lines * 2}
    response = api_client_as("buyer").post(QUOTES, body, format="json")
    assert response.status_code == 200
    assert response.content == answer_before(body)[0]
    assert [line["unit_net"] for line in response.json()["lines"][:3]] == ["0.00", "-0.00", "0.00"]


@pytest.mark.django_db
def test_bad_lines_are_named_by_index_and_field_as_before(seed, api_client_as):
    good = {"product": "PSAS", "list_price": "10"}
    lines = [good] * 5
    lines[1] = {"product": "PSAS", "condition": "growth"}  # growth without cards
    lines[3] = {"product": " ", "quantity": 0, "list_price": "-1"}
    lines.append({"product": "PSAS", "list_price": "12345678901.23", "packet_components": "packet_gateway"})
    lines.append("PSAS")
    body = {"entity": "kmc-telecom-iii", "agreement": SEED, "on": "2000-03-01", "lines": lines}
    query = QuoteRequestSerializer(data=body)
    assert not query.is_valid()
    _, before = answer_before(body)
    assert query.errors == before
    response = api_client_as("buyer").post(QUOTES, body, format="json")
    assert response.status_code == 400
    named = response.json()["lines"]  # by line index
    assert set(named) == {"1", "3", "5", "6"}
    assert set(named["1"]) == {"stsx1_cards_added"}
    assert set(named["3"]) == {"product", "quantity", "list_price"}
    assert set(named["5"]) == {"list_price", "packet_components"}
    assert named["6"] == {"non_field_errors": ["Invalid data. Expected a dictionary, but got str."]}


@pytest.mark.django_db
def test_the_seller_is_refused_as_before(seed):
    body = {"entity": "lucent", "agreement": SEED, "on": "2000-03-01", "lines": [{"product": "PSAS"}]}
    query = QuoteRequestSerializer(data=body)
    assert not query.is_valid()
    assert query.errors == answer_before(body)[1]
    assert "entity" in query.errors


@pytest.mark.django_db
def test_a_thousand_lines_cost_the_queries_of_ten(seed, api_client_as):
    api = api_client_as("buyer")
    lines = varied_lines(["PSAS", "5ESS Switch", "DDM PLUS", "Call Feature Server"], random.Random(3), 600)
    lines = [line for line in lines if form_reading(line) is not None][:API_MAX_LINES]
    body = {"entity": "kmc-telecom-iii", "agreement": SEED, "on": "1999-10-15", "as_agreed": "1999-11-01"}
    api.post(QUOTES, {**body, "lines": lines[:1]}, format="json")  # what a first request reads once
    counts = []
    for some in (lines[:10], lines, lines[:10]):
        with CaptureQueriesContext(connection) as captured:
            response = api.post(QUOTES, {**body, "lines": some}, format="json")
        assert response.status_code == 200
        assert len(response.json()["lines"]) == len(some)
        counts.append(len(captured))
    assert len(lines) > 700
    assert counts[0] == counts[1] == counts[2]


# Rendering


def test_answer_renderer_writes_the_bytes_of_json_renderer():
    shared = {"text": 'a\u2028b\u2029c — §1.2 “quoted” \\ "', "n": 1, "none": None, "list": ["x", None, 2]}
    data = {
        "lines": [shared, {"other": True}, shared, None, shared],
        "empty": [],
        "nested": {"k": [shared]},
        "total": "12.00",
        "flag": False,
        "line\u2028key": "v",
    }
    for media_type in (None, "application/json", "application/json; indent=4"):
        assert AnswerRenderer().render(data, media_type) == JSONRenderer().render(data, media_type)
    assert AnswerRenderer().render([shared, shared]) == JSONRenderer().render([shared, shared])
    assert AnswerRenderer().render(None) == b""
