"""Purchases on the seed agreement, made as the ledger records them (validated, with a history row)."""

from datetime import date
from decimal import Decimal

import pytest

from contracts.models import LegalEntity
from core.editing import set_change_reason
from purchases.models import Purchase


def purchase_values(seed, **overrides):
    values = {
        "agreement": seed,
        "buyer": LegalEntity.objects.get(slug="kmc-telecom-iii"),
        "po_reference": "PO-1",
        "product_as_entered": "DDM-2000 OC-3",
        "component": "hardware",
        "order_date": date(2000, 3, 1),
        "quantity": 2,
        "list_price": Decimal("10000.00"),
        "invoiced_percent": Decimal("45"),
    }
    return {**values, **overrides}


@pytest.fixture
def make_purchase(seed):
    def make(**overrides):
        purchase = Purchase(**purchase_values(seed, **overrides))
        purchase.full_clean()
        set_change_reason(purchase, "Test purchase")
        purchase.save()
        return purchase

    return make


@pytest.fixture
def many_purchases(seed):
    """`many_purchases(n)`: n plain purchases written at once (no history: only the list is measured)."""

    def make(count):
        values = purchase_values(seed)
        Purchase.objects.bulk_create([Purchase(**{**values, "po_reference": f"PO-{n}"}) for n in range(count)])

    return make
