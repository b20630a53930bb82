"""Quote answers that must not mislead: which checks failed, exact savings, totals over the same lines."""

from decimal import Decimal

import pytest

pytestmark = pytest.mark.django_db


def quote(api_client_as, on, lines, entity="kmc-telecom-iii"):
    response = api_client_as("buyer").post(
        "/api/v1/quotes/", {"entity": entity, "on": on, "lines": lines}, format="json"
    )
    assert response.status_code == 200, response.json()
    return response.json()


def test_after_the_term_only_the_term_is_given_as_the_reason(api_client_as, seed):
    body = quote(api_client_as, "2003-03-06", [{"product": "PSAS", "list_price": "100.00"}])
    warnings = body["lines"][0]["warnings"]
    assert any(w.startswith("No discount under the agreement: The Term expired on 2003-03-05") for w in warnings)
    assert not any("A Customer since" in w for w in warnings), warnings


@pytest.mark.parametrize(
    ("quoted", "verdict"),
    [("80005.00", "is BELOW"), ("80000.00", "meets"), ("79999.99", "meets")],
    ids=["19.995-is-below", "exactly-20", "above-20"],
)
def test_minimum_savings_compares_the_exact_percentage(api_client_as, seed, quoted, verdict):
    line = {
        "product": "7R/E Packet Solutions",
        "quoted_unit_price": quoted,
        "comparable_5ess_price": "100000.00",
        "packet_components": ["call_feature_server", "one_link_manager", "packet_gateway"],
        "installed_at_one_time": True,
    }
    body = quote(api_client_as, "2000-06-01", [line])
    savings = [w for w in body["lines"][0]["warnings"] if w.startswith("Savings versus")]
    assert savings and verdict in savings[0], body["lines"][0]["warnings"]


def test_totals_cover_the_same_lines(api_client_as, seed):
    body = quote(
        api_client_as,
        "2000-06-01",
        [
            {"product": "PSAS", "list_price": "100.00"},
            {"product": "DACS IV 2000 Systems", "list_price": "1000.00"},  # "see 1.15.1 below": not priced
        ],
    )
    assert Decimal(body["total_list"]) == Decimal("100.00")
    assert Decimal(body["total_net"]) == Decimal("60.00")


PACKET = {
    "product": "7R/E Packet Solutions",
    "quoted_unit_price": "80000.00",
    "comparable_5ess_price": "100000.00",
    "packet_components": ["call_feature_server", "one_link_manager", "packet_gateway"],
}


def _software_warranty(body):
    return {w["component"]: w["period"] for w in body["lines"][0]["warranties"]}["Software"]


@pytest.mark.parametrize(
    ("said", "solution"),
    [(True, True), ("yes", True), ("1", True), (False, False), ("no", False), ("0", False), ("off", False)],
)
def test_installed_at_one_time_reads_yes_or_no_in_any_spelling(api_client_as, seed, said, solution):
    body = quote(api_client_as, "2000-06-01", [{**PACKET, "installed_at_one_time": said}])
    assert _software_warranty(body).startswith("12 months") is solution


def test_installed_at_one_time_neither_yes_nor_no_is_refused_naming_the_line_and_field(api_client_as, seed):
    response = api_client_as("buyer").post(
        "/api/v1/quotes/",
        {"entity": "kmc-telecom-iii", "on": "2000-06-01", "lines": [{**PACKET, "installed_at_one_time": "nope"}]},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "lines": {"0": {"installed_at_one_time": ["Give yes or no (true or false, 1 or 0), not “nope”."]}}
    }
