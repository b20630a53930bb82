"""Pricing fixtures: the seed's catalog and a one-call way to price lines.

The catalog is read once per module inside a transaction that is then rolled back: the engine
tests run without database access at all, which also proves the engine never queries.
"""

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.db import transaction

from contracts.models import Agreement, LegalEntity
from pricing.catalog import load_catalog
from pricing.engine import price_quote
from pricing.results import LineRequest
from tests.conftest import SEED_FILE


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
