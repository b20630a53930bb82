"""`purchases.checks`: the contractual discount of a purchase, as agreed now and on the invoice date,
its variance, the credit a retroactive amendment made due, and the flags."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pricing.models import DiscountLine, DiscountSchedule
from purchases.checks import (
    INVOICED_DIFFERS,
    NOT_CUSTOMER,
    NOT_ON_SCHEDULE,
    OUTSIDE_TERM,
    REMEDY_PURCHASE,
    check_purchases,
)
from purchases.models import Purchase
from tests.factories import AmendmentFactory, DiscountLineFactory, DiscountTableFactory
from tests.purchases.test_checks_support import FIVE_ESS, TRANSMISSION, d, make_purchase, seed_remedy

pytestmark = pytest.mark.django_db


def check(purchase):
    return check_purchases([purchase])[0]


# (product, order date, invoice date, invoiced %, now %, credit, variance now)
WINDOWS = [
    # Transmission: valid from 1998-06-30, agreed 1998-12-22.
    pytest.param(TRANSMISSION, "1998-06-01", "1998-06-15", "20", None, None, None, id="A-1.15 before valid-from"),
    pytest.param(TRANSMISSION, "1998-06-30", "1998-07-10", "20", "45", "750.00", "750.00", id="A-1.15 on valid-from"),
    pytest.param(TRANSMISSION, "1998-08-01", "1998-12-21", "20", "45", "750.00", "750.00", id="A-1.15 day before"),
    pytest.param(TRANSMISSION, "1998-08-01", "1998-12-22", "20", "45", None, "750.00", id="A-1.15 invoiced on eff."),
    pytest.param(TRANSMISSION, "1999-01-04", "1999-01-10", "45", "45", None, "0.00", id="A-1.15 after effective"),
    # 5ESS: valid from 1999-10-01, agreed 1999-11-15.
    pytest.param(FIVE_ESS, "1999-09-30", "1999-10-05", "20", None, None, None, id="A-1.7 before valid-from"),
    pytest.param(FIVE_ESS, "1999-10-01", "1999-11-14", "20", "83", "1890.00", "1890.00", id="A-1.7 between"),
    pytest.param(FIVE_ESS, "1999-10-15", "1999-11-15", "83", "83", None, "0.00", id="A-1.7 invoiced on eff."),
    pytest.param(FIVE_ESS, "1999-12-01", "1999-12-10", "83", "83", None, "0.00", id="A-1.7 after effective"),
]


@pytest.mark.parametrize(("product", "ordered", "invoiced_on", "invoiced", "now", "credit", "variance"), WINDOWS)
def test_purchase_before_between_and_after_each_retroactive_window(
    seed, product, ordered, invoiced_on, invoiced, now, credit, variance
):
    result = check(
        make_purchase(
            seed, order_date=d(ordered), invoice_date=d(invoiced_on), invoiced_percent=Decimal(invoiced), **product
        )
    )
    assert result.now.percent == (Decimal(now) if now else None)
    assert result.variance_now.amount == (Decimal(variance) if variance else None)
    if credit is None:
        assert result.credit is None
    else:
        assert result.credit is not None
        assert result.credit.amount == Decimal(credit)
        # The amendment that made it due: the retroactive table's, cited like the quote cites it.
        assert result.credit.clause.amendment_date > d(invoiced_on) >= result.credit.clause.valid_from
        # The seed's replaced tables are not in the documents: measured against what was invoiced.
        assert result.credit.basis == "invoiced"
        assert result.then.percent is None and "not in the documents" in result.then.why_no_percent


def test_before_the_valid_from_date_the_discount_is_unknown_not_zero(seed):
    result = check(make_purchase(seed, order_date=d("1998-06-01"), invoice_date=d("1998-06-15")))
    assert result.now.percent is None
    assert "Unknown" in result.variance_now.why and "not in the documents" in result.variance_now.why
    assert INVOICED_DIFFERS not in result.flag_codes


def test_the_claim_cites_amendment_2_for_the_transmission_window(seed):
    result = check(make_purchase(seed, order_date=d("1998-08-01"), invoice_date=d("1998-09-01")))
    assert result.credit is not None
    assert str(result.credit.clause).startswith("Amendment 2 §5(B) (effective 1998-12-22): Appendix A A-1.15")
    assert result.then.as_agreed == d("1998-09-01")


def test_no_invoice_date_reads_the_terms_agreed_on_the_order_date(seed):
    result = check(make_purchase(seed, order_date=d("1999-10-15"), invoice_date=None, **FIVE_ESS))
    assert result.agreed_on == d("1999-10-15")
    assert result.credit is not None and result.credit.amount == Decimal("1890.00")


@pytest.fixture
def amendment_5(seed):
    """A retroactive replacement of a table whose predecessor is known: A-1.15 at 50% from 2000-03-01,
    agreed 2000-06-01, for DDM-2000 OC-3 (45% under Amendment 2)."""
    schedule = DiscountSchedule.objects.get(agreement=seed, section="A-1.15")
    old = DiscountLine.objects.get(table__schedule=schedule, product__name="DDM-2000 OC-3")
    amendment = AmendmentFactory(agreement=seed, number=5, effective_date=d("2000-06-01"))
    table = DiscountTableFactory(schedule=schedule, amendment=amendment, action="replace", valid_from=d("2000-03-01"))
    DiscountLineFactory(table=table, product=old.product, component=old.component, percent=Decimal("50.00"))
    return amendment


def test_credit_is_now_minus_agreed_then_when_both_are_known(amendment_5):
    seed = amendment_5.agreement
    result = check(
        make_purchase(seed, order_date=d("2000-04-01"), invoice_date=d("2000-04-15"), invoiced_percent=Decimal("40"))
    )
    assert (result.then.percent, result.now.percent) == (Decimal("45.00"), Decimal("50.00"))
    assert result.credit is not None
    assert result.credit.basis == "agreed_then"
    # (50 − 45)% of 3 × 1000.00, whatever was invoiced.
    assert result.credit.amount == Decimal("150.00")
    assert result.credit.clause.amendment_number == 5
    assert result.variance_then.amount == Decimal("150.00")  # 45 − 40
    assert result.variance_now.amount == Decimal("300.00")  # 50 − 40


def test_amounts_are_rounded_half_up_to_the_cent_once(amendment_5):
    seed = amendment_5.agreement
    # 0.5% of 1 × 0.99 = 0.00495 → 0.00; 5% of 0.99 = 0.0495 → 0.05 (half up from the exact product).
    result = check(
        make_purchase(
            seed,
            order_date=d("2000-04-01"),
            invoice_date=d("2000-04-15"),
            list_price=Decimal("0.99"),
            quantity=1,
            invoiced_percent=Decimal("49.5"),
        )
    )
    assert result.variance_now.amount == Decimal("0.00")
    assert result.credit is not None and result.credit.amount == Decimal("0.05")


def test_blank_invoiced_percent_gives_no_variance_and_says_why(seed):
    result = check(make_purchase(seed, order_date=d("1999-02-01"), invoice_date=d("1999-02-10"), invoiced_percent=None))
    assert result.now.percent == Decimal("45.00")
    assert result.variance_now.amount is None
    assert "not recorded" in result.variance_now.why
    assert INVOICED_DIFFERS not in result.flag_codes


def test_blank_invoiced_in_a_window_whose_earlier_terms_are_unknown_leaves_the_credit_unknown(seed):
    result = check(make_purchase(seed, order_date=d("1998-08-01"), invoice_date=d("1998-09-01"), invoiced_percent=None))
    assert result.credit is not None
    assert result.credit.amount is None
    assert "Unknown" in result.credit.why


def test_non_customer_buyer_is_flagged_with_the_date_and_clause(seed):
    result = check(make_purchase(seed, buyer="kmc-telecom-iii", order_date=d("1998-08-01")))
    flags = {flag.code: flag.message for flag in result.flags}
    assert NOT_CUSTOMER in flags
    assert "1998-08-01" in flags[NOT_CUSTOMER] and "Amendment 2" in flags[NOT_CUSTOMER]
    assert result.now.percent is None and result.variance_now.amount is None and result.credit is None


def test_entity_never_added_is_not_a_customer(seed):
    result = check(make_purchase(seed, buyer="kmc-telecom-v", order_date=d("2000-03-01")))
    assert NOT_CUSTOMER in result.flag_codes


def test_purchase_after_the_term_is_flagged(seed):
    result = check(make_purchase(seed, order_date=d("2003-03-06"), invoice_date=d("2003-03-10")))
    flags = {flag.code: flag.message for flag in result.flags}
    assert OUTSIDE_TERM in flags
    assert "2003-03-05" in flags[OUTSIDE_TERM] and "Amendment 2 §2" in flags[OUTSIDE_TERM]
    assert result.variance_now.amount is None


def test_last_day_of_the_term_is_within_it(seed):
    result = check(make_purchase(seed, order_date=d("2003-03-05"), invoice_date=d("2003-03-10")))
    assert OUTSIDE_TERM not in result.flag_codes
    assert result.now.percent == Decimal("45.00")


def test_product_on_no_schedule_is_flagged(seed):
    result = check(make_purchase(seed, order_date=d("2000-03-01"), product_as_entered="Flux capacitor"))
    assert NOT_ON_SCHEDULE in result.flag_codes
    assert result.variance_now.amount is None and "Flux capacitor" in result.variance_now.why


def test_invoiced_discount_other_than_the_contracts_is_flagged(seed):
    result = check(make_purchase(seed, order_date=d("2000-03-01"), invoice_date=d("2000-03-05")))
    flags = {flag.code: flag.message for flag in result.flags}
    assert "Invoiced 20% but the contract gives 45%" in flags[INVOICED_DIFFERS]
    assert "Amendment 2 §5(B)" in flags[INVOICED_DIFFERS]
    assert result.variance_now.amount == Decimal("750.00")


def test_undercharge_is_negative(seed):
    result = check(
        make_purchase(seed, order_date=d("2000-03-01"), invoice_date=d("2000-03-05"), invoiced_percent=Decimal("50"))
    )
    assert result.variance_now.amount == Decimal("-150.00")


def test_purchase_under_a_slip_remedy_is_flagged_and_not_priced(seed):
    purchase = make_purchase(seed, order_date=d("2000-03-01"), remedy=seed_remedy(seed), supplier="Nortel")
    result = check(purchase)
    flags = {flag.code: flag.message for flag in result.flags}
    assert "Nortel" in flags[REMEDY_PURCHASE] and "remedy (b)" in flags[REMEDY_PURCHASE]
    assert result.variance_now.amount is None and "another supplier" in result.variance_now.why
    assert result.credit is None


def test_same_order_as_given(seed):
    purchases = [make_purchase(seed, order_date=d(f"2000-0{m}-01")) for m in (3, 1, 2)]
    assert [c.purchase.pk for c in check_purchases(purchases)] == [p.pk for p in purchases]


def _queries(purchases):
    fresh = list(Purchase.objects.filter(pk__in=[p.pk for p in purchases]))
    with CaptureQueriesContext(connection) as captured:
        check_purchases(fresh)
    return len(captured.captured_queries)


def test_query_count_does_not_grow_with_the_purchases(seed):
    few = [make_purchase(seed, order_date=d("1998-08-01")) for _ in range(5)]
    remedy = seed_remedy(seed)
    many = few + [
        make_purchase(
            seed,
            buyer=("kmc-telecom-iii" if i % 2 else "kmc-telecom-ii"),
            order_date=d("1999-10-15"),
            remedy=(remedy if i % 7 == 0 else None),
            supplier=("Nortel" if i % 7 == 0 else ""),
            **FIVE_ESS,
        )
        for i in range(495)
    ]
    assert _queries(few) + 1 == _queries(many)  # + the remedies, which only the large set has


# Conditions a purchase states that no table row is keyed by: a footnote's case (purchases.conditions).
STATED = [
    pytest.param({"product_as_entered": "5ESS VCDX Switch", "condition": "pri_only"}, "77", id="A-1.7 PRIs only"),
    pytest.param(
        {"product_as_entered": "Dual 2Fiber OC-48 A/D Ring Term", "condition": "single_commons"},
        "50",
        id="commons ordered singly",
    ),
]


@pytest.mark.parametrize(("product", "percent"), STATED)
def test_a_footnote_condition_recorded_on_the_purchase_is_priced_by_its_footnote(seed, product, percent):
    purchase = make_purchase(
        seed, order_date=d("2000-03-01"), invoice_date=d("2000-03-05"), invoiced_percent=Decimal(percent), **product
    )
    purchase.full_clean()  # a condition the purchase may record
    result = check(purchase)
    assert result.now.percent == Decimal(percent)
    assert result.variance_now.amount == Decimal("0.00")
    assert INVOICED_DIFFERS not in result.flag_codes


def test_every_condition_a_purchase_may_record_is_read_by_the_engine():
    from purchases.conditions import ENGINE_CONDITION, PurchaseCondition

    assert set(ENGINE_CONDITION) == set(PurchaseCondition.values)
