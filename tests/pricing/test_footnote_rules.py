"""Each footnote and paragraph rule of the seed's discount tables, as the engine applies it."""

from datetime import date
from decimal import Decimal

import pytest

from pricing.results import Outcome

D = Decimal


@pytest.mark.parametrize(
    ("cards", "percent", "kind"),
    [(0, D("25"), "Peripheral"), (6, D("25"), "Peripheral"), (7, D("77"), "Large"), (30, D("77"), "Large")],
)
def test_5ess_growth_boundary_is_seven_stsx1_cards(price, cards, percent, kind):
    result = price("5ESS Switch", list_price=D("100"), condition="growth", stsx1_cards_added=cards)
    assert result.percent == percent
    assert result.rule == "growth_definition"
    assert f"{kind} Growth" in " ".join(result.warnings)


def test_5ess_growth_needs_the_card_count(price):
    result = price("5ESS Switch", list_price=D("100"), condition="growth")
    assert result.outcome is Outcome.NEEDS_INPUT
    assert "STSX-1" in result.warnings[0]


def test_5ess_without_condition_asks_which_purchase(price):
    assert price("5ESS CDX Switch", list_price=D("100")).outcome is Outcome.NEEDS_INPUT


def test_5ess_pri_only_hardware_and_software_get_77(price):
    result = price("5ESS VCDX Switch", list_price=D("200"), condition="pri_only")
    assert (result.percent, result.extended_net, result.rule) == (D("77"), D("46.00"), "pri_only_percent")
    assert (result.clause.amendment_number, result.clause.schedule_section) == (3, "A-1.7")


def test_pri_only_is_not_a_rule_of_other_tables(price):
    assert price("DDM PLUS", list_price=D("1"), condition="pri_only").outcome is Outcome.NOT_APPLICABLE


@pytest.mark.parametrize(
    "product", ["DDM PLUS", "DDM-2000 OC-12", "FT-2000 OC-48 Lightwave System", "DACS IV 2000 Systems"]
)
def test_cables_of_transmission_systems_are_20_percent_off_list(price, product):
    result = price(product, list_price=D("50.00"), quantity=3, component="cables")
    assert (result.outcome, result.percent, result.extended_net) == (Outcome.PRICED, D("20"), D("120.00"))
    assert result.rule == "cables_percent"
    assert result.clause.text_ref == "footnote *"


@pytest.mark.parametrize("product", ["CopperCom MXR", "PathStar Access Server", "WaveStar TDM 2.5G"])
def test_cables_rule_belongs_only_to_the_amendment_2_transmission_table(price, product):
    assert price(product, list_price=D("50"), component="cables").outcome is Outcome.NOT_APPLICABLE


def test_transmission_discounts_are_for_hardware_unless_the_row_says_otherwise(price):
    hardware = price("DDM PLUS", list_price=D("10"))
    assert (hardware.percent, hardware.component) == (D("27"), "hardware")
    software = price("DDM PLUS", list_price=D("10"), component="software")
    assert software.outcome is Outcome.NOT_APPLICABLE
    assert "(hardware) only" in " ".join(software.warnings)
    both = price("DDM-2000 OC-3", list_price=D("10"), component="software")
    assert both.percent == D("45")


def test_70_percent_only_for_the_order_code_in_full_configuration(price):
    by_code = price("ED8C902-30 G-3", list_price=D("1000"), condition="full_configuration")
    assert (by_code.percent, by_code.rule, by_code.product_name) == (
        D("70"),
        "order_code_only",
        "Dual 2Fiber OC-48 A/D Ring Term",
    )
    assert "**" in by_code.clause.text_ref


def test_70_percent_refused_for_another_order_code(price):
    result = price(
        "Dual 2Fiber OC-48 A/D Ring Term",
        list_price=D("1000"),
        condition="full_configuration",
        order_code="ED8C902-30 G-4",
    )
    assert result.outcome is Outcome.NOT_APPLICABLE
    assert "ED8C902-30 G-3" in result.warnings[0]


@pytest.mark.parametrize("fields", [{"condition": "single_commons"}, {"component": "commons"}])
def test_commons_ordered_singly_get_50(price, fields):
    result = price("Dual 2Fiber OC-48 A/D Ring Term", list_price=D("1000"), **fields)
    assert (result.percent, result.rule, result.extended_net) == (
        D("50"),
        "single_commons_percent",
        D("500.00"),
    )


def test_70_percent_row_without_configuration_is_not_guessed(price):
    result = price("Dual 2Fiber OC-48 A/D Ring Term", list_price=D("1000"))
    assert result.outcome is Outcome.NEEDS_INPUT
    assert result.extended_net is None


def test_row_without_a_number_is_not_zero(quote, catalog):
    from pricing.results import LineRequest

    result = quote(
        [
            LineRequest("DACS IV 2000 Systems", list_price=D("100")),
            LineRequest("DDM PLUS", list_price=D("100")),
        ]
    )
    dacs = result.lines[0]
    assert dacs.outcome is Outcome.NO_NUMBER
    assert dacs.percent is None and dacs.extended_net is None
    assert "see 1.15.1 below" in dacs.warnings[0]
    assert result.total_net == D("73.00")
    assert not result.complete


def test_printed_zero_is_a_real_zero(price):
    result = price("SLC(R)-2000 Access System - Software", list_price=D("123.45"), quantity=2)
    assert (result.outcome, result.percent, result.extended_net) == (Outcome.PRICED, D("0"), D("246.90"))


def test_firm_quotation_has_no_percent(price):
    result = price("7R/E Packet Solutions", component="software")
    assert result.outcome is Outcome.FIRM_QUOTATION
    assert result.percent is None and result.extended_net is None
    assert result.clause.schedule_section == "A-1.26"


ALL_THREE = frozenset({"call_feature_server", "one_link_manager", "packet_gateway"})


@pytest.mark.parametrize(
    ("components", "at_once", "software_warranty"),
    [
        (ALL_THREE, True, "12 months (new 7R/E Packet Solution"),
        (ALL_THREE, False, "3 months"),
        (frozenset({"call_feature_server", "packet_gateway"}), True, "3 months"),
    ],
)
def test_7re_software_warranty_depends_on_all_three_installed_at_once(price, components, at_once, software_warranty):
    result = price("7R/E Packet Solutions", packet_components=components, installed_at_one_time=at_once, component="")
    warranties = {w.component: w.period for w in result.warranties}
    assert warranties["Hardware"].startswith("12 months")
    assert warranties["Software"].startswith(software_warranty)
    solution = components == ALL_THREE and at_once
    assert ("is a 7R/E Packet Solution" in " ".join(result.warnings)) is solution


@pytest.mark.parametrize(
    ("quoted", "comparable", "verdict"),
    [(D("800"), D("1000"), "meets"), (D("801"), D("1000"), "is BELOW"), (D("1000"), D("1000"), "is BELOW")],
)
def test_7re_minimum_20_percent_savings_versus_5ess(price, quoted, comparable, verdict):
    result = price("7R/E Packet Solutions", quoted_unit_price=quoted, comparable_5ess_price=comparable)
    assert result.extended_net == quoted
    assert any(verdict in w and "minimum 20%" in w for w in result.warnings)


@pytest.mark.parametrize(
    ("product", "component", "expected"),
    [
        ("PathStar Access Server", "", {"Hardware": "12 months", "Software": "90 days"}),
        ("Copper Mountain CopperEdge 150", "", {"": "12 months"}),
        ("VINA ConnectReach", "software", {"": "12 months"}),
        ("7 R/E Connection Gateway", "", {"Hardware": "12 months", "Software": "18 months"}),
    ],
)
def test_warranty_terms(price, product, component, expected):
    result = price(product, list_price=D("1"), component=component)
    assert {w.component: w.period.split(" (")[0] for w in result.warranties} == expected


def test_warranty_not_stated_is_said_so(price):
    result = price("DDM PLUS", list_price=D("1"))
    assert all("not stated" in w.period for w in result.warranties)


def test_warranty_only_from_the_amendment_that_states_it(price):
    result = price("PathStar Access Server", list_price=D("1"), on=date(1999, 1, 4))
    assert all("not stated" in w.period for w in result.warranties)


def test_5ess_is_not_part_of_a_packet_solution(price):
    result = price("5ESS Switch", list_price=D("100"), condition="initial_switch", packet_components=ALL_THREE)
    assert result.percent == D("83")
    assert any("does not include the 5ESS(R) Switch" in w for w in result.warnings)
