"""The discount lookup (page and API: one filterset) and the quote engine never disagree.

Hypothesis builds agreements whose amendments print tables that add, extend and replace, start
retroactively, set and move the Term, and repeat lines for products another amendment already priced.
For every product, component, "on" date and "as agreed on" date, the lookup's line in force and the
quote's percent must be the same answer: both ask `pricing.in_force`.
"""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contracts.models import CustomerMembership
from pricing.catalog import load_catalog
from pricing.choices import Component, TableAction
from pricing.engine import price_quote
from pricing.filtersets import DiscountLineFilterSet
from pricing.models import DiscountLine
from pricing.results import LineRequest, Outcome
from tests.factories import (
    AgreementFactory,
    AmendmentFactory,
    DiscountLineFactory,
    DiscountScheduleFactory,
    DiscountTableFactory,
    LegalEntityFactory,
    ProductFactory,
    TermVersionFactory,
)

pytestmark = pytest.mark.django_db

START = date(1997, 3, 13)
DAY = timedelta(days=1)
COMPONENTS = (Component.HARDWARE, Component.SOFTWARE)

line_specs = st.lists(
    st.tuples(
        st.integers(0, 1),  # product
        st.sampled_from(COMPONENTS),
        st.sampled_from([Decimal("27"), Decimal("44"), Decimal("48"), Decimal("0")]),
        st.one_of(st.none(), st.integers(30, 900)),  # days until a stated end
    ),
    max_size=3,
)
table_specs = st.lists(
    st.tuples(
        st.sampled_from([TableAction.ADD, TableAction.EXTEND, TableAction.REPLACE]),
        st.integers(0, 500),  # days retroactive
        line_specs,
    ),
    max_size=2,
)
amendment_specs = st.lists(
    st.tuples(
        st.integers(60, 700),  # days after the previous amendment
        st.one_of(st.none(), st.integers(300, 2000)),  # sets the Term: days after its own date
        table_specs,
    ),
    min_size=1,
    max_size=4,
)


def build(amendments):
    """The agreement, its one Customer, two products on one schedule; the dates worth probing."""
    agreement = AgreementFactory(effective_date=START)
    schedule = DiscountScheduleFactory(agreement=agreement)
    products = [ProductFactory(schedule=schedule, name=f"PRODUCT {i}") for i in range(2)]
    made, dates, when = [], {START}, START
    for number, (gap, term_days, tables) in enumerate(amendments, start=1):
        when += timedelta(days=gap)
        amendment = AmendmentFactory(agreement=agreement, number=number, effective_date=when)
        made.append(amendment)
        dates |= {when, when - DAY}
        if term_days is not None:
            expiry = when + timedelta(days=term_days)
            TermVersionFactory(amendment=amendment, expiry_date=expiry)
            dates |= {expiry, expiry + DAY}
        printed = set()  # one amendment may not print two overlapping lines for one product and component
        for position, (action, back, lines) in enumerate(tables):
            start = max(START, when - timedelta(days=back))
            table = DiscountTableFactory(schedule=schedule, amendment=amendment, action=action, valid_from=start)
            dates |= {start, start - DAY}
            for row, (product, component, percent, days) in enumerate(lines):
                if (product, component) in printed:
                    continue
                printed.add((product, component))
                end = start + timedelta(days=days) if days is not None else None
                DiscountLineFactory(
                    table=table,
                    product=products[product],
                    position=position * 10 + row + 1,
                    component=component,
                    percent=percent,
                    valid_to=end,
                )
                if end:
                    dates |= {end, end + DAY}
    buyer = LegalEntityFactory()
    # Shown as a Customer by the first amendment's recital: a Customer from the agreement's date.
    CustomerMembership.objects.create(agreement=agreement, entity=buyer, evidenced_by=made[0])
    return agreement, products, buyer, sorted(d for d in dates if d >= START), [a.effective_date for a in made]


def lookup(on, as_agreed, products):
    """{(product id, component): percent} of the lines the lookup lists as in force."""
    data = {"on": on.isoformat(), "as_agreed": as_agreed.isoformat() if as_agreed else ""}
    filterset = DiscountLineFilterSet(data, queryset=DiscountLine.objects.filter(product__in=products))
    assert filterset.is_valid(), filterset.errors
    found = {}
    for line in filterset.qs:
        key = (line.product_id, line.component)
        assert key not in found, f"two lines in force for {key} on {on} as agreed {as_agreed}"
        found[key] = line.percent
    return found


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(amendments=amendment_specs)
def test_lookup_and_quote_give_the_same_answer(amendments):
    with transaction.atomic():
        agreement, products, buyer, dates, agreed_dates = build(amendments)
        catalog = load_catalog(agreement)
        requests = [
            LineRequest(product=product.name, component=component, list_price=Decimal("100"))
            for product in products
            for component in COMPONENTS
        ]
        for as_agreed in [None, *agreed_dates, *(d - DAY for d in agreed_dates)]:
            for on in dates:
                listed = lookup(on, as_agreed, products)
                quote = price_quote(catalog, lines=requests, on=on, as_agreed=as_agreed, entity=buyer)
                for line in quote.lines:
                    key = (line.product_pk, line.request.component)
                    where = f"{line.request.product} {line.request.component} on {on} as agreed {as_agreed}"
                    if key in listed:
                        assert line.outcome is Outcome.PRICED, where
                        assert line.percent == listed[key], where
                    else:
                        assert line.outcome is not Outcome.PRICED, where
                        assert line.percent is None, where
        transaction.set_rollback(True)
