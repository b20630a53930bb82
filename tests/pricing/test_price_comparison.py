"""Exhibit C (Amendment 3's city price comparison): loaded from the seed, recomputed, its findings, its page."""

from copy import copy
from decimal import Decimal

import pytest
from django.urls import reverse

from pricing.comparison import check_comparison, recompute, reduction_percent
from pricing.models import DiscountRule, PriceComparison, PriceComparisonRow

pytestmark = pytest.mark.django_db


@pytest.fixture
def exhibit_c(seed):
    return PriceComparison.objects.get(amendment__agreement=seed, exhibit="C")


def rows_of(comparison):
    return {row.key: row for row in comparison.rows.all()}


def test_the_seed_loads_exhibit_c_as_printed(exhibit_c):
    assert exhibit_c.amendment.number == 3
    assert exhibit_c.title_line_list == ["OLD PRICE / NEW PRICE", "CITY COMPARISON"]
    assert exhibit_c.column_list == ["OLD TDM", "NEW QUOTES", "REDUCTION"]
    rows = list(exhibit_c.rows.all())
    assert [r.item for r in rows][:2] == ["KMC Central Office", "ILEC Tandem"]
    assert [r.kind for r in rows if r.kind != "line"] == ["subtotal", "total"]
    switch = rows_of(exhibit_c)["switching-machine"]
    assert (switch.new_as_written, switch.new, switch.footnote_marks) == ("$1,950,000*", Decimal("1950000"), ["*"])
    assert rows_of(exhibit_c)["fees-make-ready"].reduction_percent == Decimal("0.00")
    assert exhibit_c.footnotes.startswith("* List price not yet firm.")


def test_every_figure_is_recomputed_exactly(exhibit_c):
    check = {r.row.key: r for r in check_comparison(exhibit_c).rows}
    subtotal, total = check["subtotal"], check["grand-total"]
    assert subtotal.covers == (
        "KMC Central Office",
        "ILEC Tandem",
        "LSO Cob",
        "AT&T Cob",
        "MCI Cob",
        "IXC Cob",
        "Fees/Make Ready",
        "Shipping (5%)",
    )
    assert (subtotal.old, subtotal.new, subtotal.reduction) == (
        Decimal("5556119.00"),
        Decimal("4962687.00"),
        Decimal("-10.68"),
    )
    assert total.covers == ("Subtotal", "Switching Machine")
    assert (total.old, total.new, total.reduction) == (Decimal("8107860.00"), Decimal("6912687.00"), Decimal("-14.74"))
    assert check["ilec-tandem"].reduction == Decimal("-12.69")
    assert not any(r.old_differs or r.new_differs or r.reduction_differs for r in check.values())


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (Decimal("483473"), Decimal("422106"), Decimal("-12.69")),
        (Decimal("200"), Decimal("199.99"), Decimal("-0.01")),  # -0.005 rounds half up (away from zero)
        (Decimal("0"), Decimal("10"), None),  # no basis
        (None, Decimal("10"), None),  # unknown stays unknown
    ],
)
def test_reduction_rounding(old, new, expected):
    assert reduction_percent(old, new) == expected


def test_shipping_is_computed_on_a_different_basis_in_the_two_columns(exhibit_c):
    findings = {f.code: f for f in check_comparison(exhibit_c).findings}
    shipping = findings["exhibit-c/shipping-5/basis"]
    numbers = dict(shipping.numbers)
    # Old: 5% of every line above (5,291,542 → 264,577.10, printed 264,577).
    assert numbers["old base"] == Decimal("5291542.00")
    assert numbers["old: 5% of its base"] == Decimal("264577.1000")
    # New: 5% of the lines above without Fees/Make Ready (4,250,178 → 212,508.90, printed 212,509).
    assert numbers["new base"] == Decimal("4250178.00")
    assert numbers["new: 5% of its base"] == Decimal("212508.9000")
    assert "without Fees/Make Ready" in shipping.message
    assert numbers["new on the old column's basis (5% of every line above)"] == Decimal("237508.9000")
    assert numbers["difference (new printed − new on the old basis)"] == Decimal("-24999.9000")


def test_minimum_savings_commitment_is_checked_against_the_total_and_the_footnoted_line(exhibit_c):
    check = check_comparison(exhibit_c)
    assert DiscountRule.objects.filter(kind="minimum_savings").count() == 1
    by_scope = {c.scope: c for c in check.commitments}
    assert (by_scope["Grand Total"].savings_percent, by_scope["Grand Total"].met) == (Decimal("14.74"), False)
    assert (by_scope["Switching Machine"].savings_percent, by_scope["Switching Machine"].met) == (
        Decimal("23.58"),
        True,
    )
    finding = {f.code: f for f in check.findings}["exhibit-c/minimum-savings/grand-total"]
    assert dict(finding.numbers)["short by (points)"] == Decimal("5.26")
    assert "exhibit-c/minimum-savings/switching-machine" not in {f.code for f in check.findings}


def _altered(exhibit_c, **changes):
    rows = []
    for row in exhibit_c.rows.all():
        row = copy(row)
        for name, value in changes.get(row.key, {}).items():
            setattr(row, name, value)
        rows.append(row)
    return recompute(rows, [], exhibit="C")


def test_a_printed_sum_that_differs_is_a_finding_with_both_numbers(exhibit_c):
    check = _altered(exhibit_c, subtotal={"old": Decimal("5556219")})
    finding = {f.code: f for f in check.findings}["exhibit-c/subtotal/old"]
    assert dict(finding.numbers) == {
        "printed": Decimal("5556219"),
        "recomputed": Decimal("5556119.00"),
        "difference": Decimal("100.00"),
    }


def test_a_reduction_computed_on_the_new_price_is_a_basis_finding(exhibit_c):
    check = _altered(exhibit_c, **{"ilec-tandem": {"reduction_percent": Decimal("-14.54")}})
    finding = {f.code: f for f in check.findings}["exhibit-c/ilec-tandem/reduction-basis"]
    numbers = dict(finding.numbers)
    assert numbers["recomputed on the old price %"] == Decimal("-12.69")
    assert numbers["recomputed on the new price %"] == Decimal("-14.54")


def test_unknown_stays_unknown(exhibit_c):
    check = _altered(exhibit_c, **{"lso-cob": {"new": None, "new_as_written": ""}})
    rows = {r.row.key: r for r in check.rows}
    assert rows["lso-cob"].reduction is None
    assert rows["subtotal"].new is None and rows["subtotal"].reduction is None
    # A total sums the figures its parts print: the printed subtotal is still known.
    assert rows["grand-total"].new == Decimal("6912687.00")
    check = _altered(exhibit_c, subtotal={"new": None}, **{"lso-cob": {"new": None}})
    assert {r.row.key: r for r in check.rows}["grand-total"].new is None
    # Not a mismatch either: the printed figures cannot be checked, and no zero was assumed.
    assert not [f for f in check.findings if f.row_key in {"lso-cob", "subtotal", "grand-total"}]


@pytest.mark.parametrize("role", ["buyer", "auditor"])
def test_the_page_shows_the_exhibit_recomputed_with_findings(exhibit_c, client_as, role):
    page = client_as(role).get(reverse("pricing:price_comparison_detail", args=[exhibit_c.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "CITY COMPARISON" in html and "$2,551,741" in html and "$5,556,119" in html
    assert "exhibit-c/shipping-5/basis" in html and "exhibit-c/minimum-savings/grand-total" in html
    amendment = client_as(role).get(exhibit_c.amendment.get_absolute_url()).content.decode()
    assert exhibit_c.get_absolute_url() in amendment


def test_the_page_needs_a_login(exhibit_c, client):
    page = client.get(reverse("pricing:price_comparison_detail", args=[exhibit_c.pk]))
    assert page.status_code == 302


def test_the_row_kinds_come_from_the_printed_items():
    from pricing.loading import comparison_row_kind

    assert [comparison_row_kind(i) for i in ("Subtotal", "Grand Total", "Shipping (5%)")] == [
        PriceComparisonRow.Kind.SUBTOTAL,
        PriceComparisonRow.Kind.TOTAL,
        PriceComparisonRow.Kind.LINE,
    ]
