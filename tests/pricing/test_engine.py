"""The engine around the rules: names, dates, eligibility, money."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.pointintime.standing import Standing
from pricing.engine import net_amounts
from pricing.results import LineRequest, Outcome

D = Decimal


@pytest.mark.parametrize(
    ("name", "product"),
    [
        ("PSAS", "PathStar(TM) Access Server"),
        ("pm4", "PortMaster(R) 4 Integrated Access Concentrator"),
        ("PathStar Access Server", "PathStar(TM) Access Server"),
        ("BICR", "ConnectStar(TM) Interworking Call Router"),
        ("Broadband Interworking Connection Router", "ConnectStar(TM) Interworking Call Router"),
        ("PCG", "7 R/E(TM) Connection Gateway"),
        ("PacketStar(TM) Connection Gateway", "7 R/E(TM) Connection Gateway"),
        ("MSDT", "SLC(R)-2000 Multi Services Distant Terminals"),
        ("ed8c902-30 g-3", "Dual 2Fiber OC-48 A/D Ring Term"),
    ],
)
def test_any_name_finds_the_product(price, name, product):
    assert price(name, list_price=D("1"), condition="full_configuration").product_name == product


def test_ambiguous_name_lists_the_candidates(price):
    result = price("5ESS", list_price=D("1"))
    assert result.outcome is Outcome.NEEDS_INPUT
    assert result.candidates == ("5ESS CDX Switch", "5ESS Switch", "5ESS VCDX Switch")
    assert "choose one" in result.warnings[0]


def test_product_on_no_schedule(price):
    result = price("Lambda Unite", list_price=D("1"))
    assert result.outcome is Outcome.NOT_APPLICABLE
    assert "not on any discount schedule" in result.warnings[0] or "No product named" in result.warnings[0]


def test_as_agreed_on_t_ignores_later_amendments(price):
    """Order on 1999-10-15: Amendment 3's 5ESS table (retroactive to 1999-10-01) as agreed now; as agreed
    on 1999-11-01 the table it replaced applied, whose text is not in the filing."""
    now = price("5ESS Switch", on=date(1999, 10, 15), list_price=D("100"), condition="initial_switch")
    then = price(
        "5ESS Switch",
        on=date(1999, 10, 15),
        as_agreed=date(1999, 11, 1),
        list_price=D("100"),
        condition="initial_switch",
    )
    assert (now.outcome, now.percent, now.extended_net) == (Outcome.PRICED, D("83"), D("17.00"))
    assert (then.outcome, then.percent, then.extended_net) == (Outcome.UNKNOWN, None, None)
    assert "replaced table is not in the documents" in then.warnings[0]
    assert not now.same_answer(then)


def test_as_agreed_before_an_extension(price):
    result = price("VINA ConnectReach", on=date(2000, 1, 3), as_agreed=date(1999, 11, 14), list_price=D("1"))
    assert result.outcome is Outcome.NOT_APPLICABLE
    assert "not yet agreed on 1999-11-14" in result.warnings[0]


@pytest.mark.parametrize(
    ("list_price", "quantity", "percent", "unit_net", "extended_net"),
    [
        (D("10.05"), 1, D("30"), D("7.04"), D("7.04")),  # 7.035 rounds half up
        (D("0.05"), 1, D("50"), D("0.03"), D("0.03")),  # 0.025
        (D("1.01"), 1, D("50"), D("0.51"), D("0.51")),  # 0.505
        (D("0.01"), 3, D("50"), D("0.01"), D("0.02")),  # 0.015 line, not 3 x rounded unit
        (D("99.99"), 7, D("27"), D("72.99"), D("510.95")),  # 510.9489
        (D("123.45"), 1, D("0"), D("123.45"), D("123.45")),
        (D("123.45"), 2, D("100"), D("0.00"), D("0.00")),
    ],
)
def test_rounding_half_up_to_the_cent_per_line(list_price, quantity, percent, unit_net, extended_net):
    assert net_amounts(list_price, quantity, percent) == (unit_net, extended_net)


def test_totals_are_sums_of_rounded_lines(quote):
    lines = [LineRequest("PathStar Access Server", list_price=D("0.0125")) for _ in range(4)]
    result = quote(lines)
    # Each line: 0.0125 x 60% = 0.0075 -> 0.01; the exact sum 0.03 would round to 0.03, the lines give 0.04.
    assert [line.extended_net for line in result.lines] == [D("0.01")] * 4
    assert result.total_net == D("0.04")


@pytest.mark.parametrize("buyer", ["kmc-telecom-v", "kmc-telecom-holdings", "lucent"])
def test_entity_not_a_customer_gets_no_discount(price, buyer):
    result = price("DDM PLUS", list_price=D("100"), buyer=buyer)
    assert result.outcome is Outcome.NOT_APPLICABLE
    assert result.extended_net is None
    assert any("never added as a Customer" in w for w in result.warnings)


def test_entity_not_yet_a_customer(price):
    result = price("DDM PLUS", list_price=D("100"), buyer="kmc-telecom-iv", on=date(1999, 11, 14))
    assert result.outcome is Outcome.NOT_APPLICABLE
    assert any("only from 1999-11-15" in w for w in result.warnings)
    assert price("DDM PLUS", list_price=D("100"), buyer="kmc-telecom-iv", on=date(1999, 11, 15)).is_priced


def test_original_customer_before_amendment_2_is_a_customer_by_the_recital(quote):
    # DECISIONS.md: Amendment 2 recites that Customer "previously entered into" the General Agreement.
    lines = [LineRequest(product="DDM PLUS", list_price=D("100"))]
    result = quote(lines, buyer="kmc-telecom-inc", on=date(1998, 10, 1))
    [line] = result.lines
    assert line.outcome is Outcome.PRICED and line.extended_net == D("73.00")
    assert not any(w.startswith("Eligibility unknown") for w in line.warnings)
    assert any("recital of Amendment 2" in reason for reason in result.eligibility.reasons)


def test_unknown_term_is_priced_with_a_warning(quote):
    # As agreed before Amendment 2 the Term is unknown (the General Agreement's text is not in the filing),
    # and the Transmission table then was the one Amendment 2 later replaced: also unknown.
    lines = [LineRequest(product="DDM PLUS", list_price=D("100"))]
    result = quote(lines, buyer="kmc-telecom-inc", on=date(1998, 10, 1), as_agreed=date(1998, 12, 21))
    [line] = result.lines
    assert result.eligibility.standing is Standing.UNKNOWN
    assert result.eligibility.reasons == (result.eligibility.term.reason,)
    assert f"Eligibility unknown: {result.eligibility.term.reason}" in line.warnings
    assert line.percent is None


@pytest.mark.parametrize(
    ("on", "priced"), [(date(2003, 3, 5), True), (date(2003, 3, 6), False), (date(2010, 1, 1), False)]
)
def test_discounts_only_during_the_term(price, on, priced):
    result = price("WaveStar TDM 2.5G", list_price=D("10"), on=on)
    assert result.is_priced is priced
    if not priced:
        assert any("Term expired on 2003-03-05" in w for w in result.warnings)


PRICED_ROWS = [
    ("DDM PLUS", {}),
    ("SLC(R)-2000 Access System - Software", {}),
    ("5ESS Switch", {"condition": "growth", "stsx1_cards_added": 9}),
    ("5ESS CDX Switch", {"condition": "pri_only"}),
    ("ED8C902-30 G-3", {"condition": "full_configuration"}),
    ("DDM PLUS", {"component": "cables"}),
    ("Stinger DSL Access Concentrator", {}),
    ("DDM-2000 OC-12 Shelf", {}),
]
money = st.decimals(min_value=D("0.01"), max_value=D("1000000"), places=2, allow_nan=False)
line = st.tuples(st.sampled_from(PRICED_ROWS), money, st.integers(min_value=1, max_value=500))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(line, min_size=1, max_size=6), on=st.dates(date(1999, 11, 15), date(2003, 3, 5)))
def test_net_within_zero_and_list_and_totals_add_up(quote, lines, on):
    requests = [
        LineRequest(product=name, list_price=list_price, quantity=qty, **fields)
        for (name, fields), list_price, qty in lines
    ]
    result = quote(requests, on=on)
    assert result.complete
    for priced in result.lines:
        assert D("0") <= priced.extended_net <= priced.extended_list
        assert priced.extended_net == priced.extended_net.quantize(D("0.01"))
    assert result.total_net == sum(priced.extended_net for priced in result.lines)
    assert D("0") <= result.total_net <= result.total_list
