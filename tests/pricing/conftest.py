"""Pricing fixtures: the seed's catalog and a one-call way to price lines.

The catalog is read once per module inside a transaction that is then rolled back: the engine
tests run without database access at all, which also proves the engine never queries.
"""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import transaction

from contracts.models import Agreement, LegalEntity
from pricing.catalog import load_catalog
from pricing.engine import price_quote
from pricing.results import LineRequest
from tests.conftest import SEED_FILE, refresh_planner_statistics


@pytest.fixture(scope="module")
def seed_catalog(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_agreement", str(SEED_FILE), stdout=io.StringIO())
        catalog = load_catalog(Agreement.objects.get(contract_number="LNM970313MP"))
        entities = {e.slug: e for e in LegalEntity.objects.all()}
        transaction.set_rollback(True)
    return catalog, entities


@pytest.fixture
def catalog(seed_catalog):
    return seed_catalog[0]


@pytest.fixture
def entity(seed_catalog):
    """`entity("kmc-telecom-iii")`: a legal entity of the seed by its key (in memory)."""
    return seed_catalog[1].__getitem__


@pytest.fixture
def quote(catalog, entity):
    """`quote([LineRequest, ...], on=..., as_agreed=..., buyer=key)` -> QuoteResult."""

    def run(lines, *, on=date(2000, 3, 1), as_agreed=None, buyer="kmc-telecom-iii"):
        return price_quote(catalog, lines=lines, on=on, as_agreed=as_agreed, entity=entity(buyer) if buyer else None)

    return run


@pytest.fixture
def price(quote):
    """`price("DDM PLUS", on=..., list_price=..., **conditions)` -> the one LineResult."""

    def run(product, *, on=date(2000, 3, 1), as_agreed=None, buyer="kmc-telecom-iii", **fields):
        fields.setdefault("list_price", None)
        return quote([LineRequest(product=product, **fields)], on=on, as_agreed=as_agreed, buyer=buyer).lines[0]

    return run


# A portfolio: the seed plus agreements shaped like its pricing, for the scale tests (issue 11).

PORTFOLIO_AGREEMENTS = 19  # with the seed, 20 agreements


def build_portfolio_agreement(index):
    """An agreement with two Customers, a Term, and two schedules like the seed's: A-1.15 (a table
    replaced retroactively by a second amendment) and A-1.7 (a table replacing one not in the
    documents), whose products have the seed's names."""
    from pricing.choices import Component, Condition, TableAction
    from tests.factories import (
        AgreementFactory,
        AmendmentFactory,
        CustomerMembershipFactory,
        DiscountLineFactory,
        DiscountScheduleFactory,
        DiscountTableFactory,
        LegalEntityFactory,
        ProductFactory,
        TermVersionFactory,
    )

    agreement = AgreementFactory(contract_number=f"PF{index:04d}", effective_date=date(1997, 1, 2))
    first = AmendmentFactory(agreement=agreement, number=1, effective_date=date(1998, 1, 5))
    second = AmendmentFactory(agreement=agreement, number=2, effective_date=date(1999, 6, 1))
    TermVersionFactory(amendment=first, expiry_date=date(2003, 1, 1))
    for n in range(2):
        entity = LegalEntityFactory(name=f"Portfolio {index} Customer {n}", slug=f"portfolio-{index}-customer-{n}")
        CustomerMembershipFactory(added_by=first, entity=entity)
    transmission = DiscountScheduleFactory(agreement=agreement, section="A-1.15", title="Transmission Systems Products")
    switch = DiscountScheduleFactory(agreement=agreement, section="A-1.7", title="5ESS Switch Products")
    added = DiscountTableFactory(schedule=transmission, amendment=first, action=TableAction.ADD)
    replaced = DiscountTableFactory(
        schedule=transmission, amendment=second, action=TableAction.REPLACE, valid_from=date(1999, 1, 1)
    )
    for position, name in enumerate(["DDM PLUS", "DDM-2000 OC-3 Multiplexer", "FT-2000 OC-48 Lightwave System"]):
        product = ProductFactory(schedule=transmission, name=name)
        for table, percent in ((added, Decimal("20.00")), (replaced, Decimal("27.00"))):
            DiscountLineFactory(
                table=table, product=product, position=position + 1, component=Component.HARDWARE, percent=percent
            )
    switch_table = DiscountTableFactory(schedule=switch, amendment=second, action=TableAction.REPLACE)
    five_ess = ProductFactory(schedule=switch, name="5ESS Switch")
    for position, (condition, percent) in enumerate(
        [(Condition.INITIAL_SWITCH, "83"), (Condition.LARGE_GROWTH, "77"), (Condition.PERIPHERAL_GROWTH, "25")]
    ):
        DiscountLineFactory(
            table=switch_table,
            product=five_ess,
            position=position + 1,
            condition=condition,
            percent=Decimal(percent),
        )
    return agreement


def insert_rows(rows):
    """Write captured rows back as they were (ids included), then move the id sequences past them."""
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cursor:
        for model, columns, values in rows:
            if not values:
                continue
            table = connection.ops.quote_name(model._meta.db_table)
            names = ", ".join(connection.ops.quote_name(c) for c in columns)
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", values)  # noqa: S608
        for statement in connection.ops.sequence_reset_sql(no_style(), [m for m, _, _ in rows]):
            cursor.execute(statement)


@pytest.fixture(scope="session")
def portfolio_rows(seed_rows, django_db_setup, django_db_blocker):
    """The rows of `PORTFOLIO_AGREEMENTS` agreements built on top of the seed, captured once per session
    (factories validate and write history, which takes seconds; copying rows back takes milliseconds)."""
    from django.db import connection

    from tests.conftest import _domain_tables

    rows = []
    with django_db_blocker.unblock(), transaction.atomic():
        insert_rows(seed_rows)
        models = _domain_tables()
        last = {
            model: model._default_manager.order_by("-pk").values_list("pk", flat=True).first() or 0 for model in models
        }
        for index in range(PORTFOLIO_AGREEMENTS):
            build_portfolio_agreement(index)
        with connection.cursor() as cursor:
            for model in models:
                table = connection.ops.quote_name(model._meta.db_table)
                pk = connection.ops.quote_name(model._meta.pk.column)
                cursor.execute(f"SELECT * FROM {table} WHERE {pk} > %s", [last[model]])  # noqa: S608
                columns = [c[0] for c in cursor.description]
                rows.append((model, columns, cursor.fetchall()))
        transaction.set_rollback(True)
    return rows


@pytest.fixture
def grow_portfolio(seed, portfolio_rows):
    """`grow_portfolio()`: add the portfolio's agreements to the seed (call it between measurements), and
    let PostgreSQL's planner know the tables grew (`refresh_planner_statistics`: the tables written)."""

    def grow():
        insert_rows(portfolio_rows)
        refresh_planner_statistics()

    return grow
