"""Purchases shaped like the seed's retroactive windows, built with the ORM (shared by the price-check tests).

The two retroactive tables of the seed:
- Amendment 2 (effective 1998-12-22) replaced the A-1.15 Transmission table from 1998-06-30
  (DDM-2000 OC-3 hardware & software: 45%);
- Amendment 3 (effective 1999-11-15) replaced the A-1.7 5ESS table from 1999-10-01 (initial switch: 83%).
KMC Telecom II, Inc. is one of the four original Customers (from 1997-03-06, per the recitals); KMC
Telecom III, Inc. is a Customer only from 1998-12-22 (added by Amendment 2). The Term expires 2003-03-05.
"""

from datetime import date
from decimal import Decimal

from contracts.models import Agreement, LegalEntity
from purchases.models import Purchase
from releases.models import Release, Remedy

TRANSMISSION = {"product_as_entered": "DDM-2000 OC-3"}
FIVE_ESS = {"product_as_entered": "5ESS Switch", "condition": "initial_switch"}


def make_purchase(agreement: Agreement, *, buyer: str = "kmc-telecom-ii", **fields) -> Purchase:
    values = {
        "agreement": agreement,
        "buyer": LegalEntity.objects.get(slug=buyer),
        "list_price": Decimal("1000.00"),
        "quantity": 3,
        "invoiced_percent": Decimal("20"),
        **TRANSMISSION,
        **fields,
    }
    purchase = Purchase(**values)
    purchase.full_clean()
    purchase.save()
    return purchase


def d(text: str) -> date:
    return date.fromisoformat(text)


def seed_remedy(agreement: Agreement) -> Remedy:
    """A remedy (b) on a release of the seed's Exhibit B: a non-Lucent substitute bought from Nortel."""
    from tests.factories import RemedyFactory

    release = Release.objects.filter(group__product_line__schedule__amendment__agreement=agreement).first()
    return RemedyFactory(
        release=release, option=Remedy.Option.NON_LUCENT, substitute_supplier="Nortel", purchase_amount=Decimal("3000")
    )
