"""Purchases and seat uses for the obligations tests, on the seed agreement."""

from datetime import date
from decimal import Decimal

from contracts.models import LegalEntity
from obligations.models import SeatUse, TrainingIncentive
from purchases.models import Purchase

PSAS = "PathStar(TM) Access Server"
PM4 = "PortMaster(R) 4 Integrated Access Concentrator"
PAC60 = "PacketStar(TM) Access Concentrator 60"
PAC120 = "PacketStar(TM) Access Concentrator 120"
PAC10 = "PacketStar(TM) Access Concentrator 10"  # a Data Networking Product that earns no seats


def buy(
    agreement, product, paid, *, ordered=date(1999, 3, 1), shipped=date(1999, 3, 15), buyer="kmc-telecom-iii", **extra
):
    """One purchase line of `product` for which `paid` dollars were paid (a string or Decimal; None: unknown)."""
    return Purchase.objects.create(
        agreement=agreement,
        buyer=LegalEntity.objects.get(slug=buyer),
        product_as_entered=product,
        order_date=ordered,
        ship_date=shipped,
        quantity=1,
        list_price=Decimal("9999999.00"),
        amount_paid=None if paid is None else Decimal(paid),
        **extra,
    )


def use_seat(agreement, user, used_on, *, attendee="A. Trainee", course="PathStar operations (5 days)"):
    return SeatUse.objects.create(
        incentive=TrainingIncentive.objects.get(agreement=agreement),
        attendee=attendee,
        course=course,
        used_on=used_on,
        recorded_by=user,
    )
