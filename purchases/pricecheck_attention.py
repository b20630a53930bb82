"""Credits due, as an attention list (`core.attention`): invoices issued inside a retroactive window.

Counted in the database (`purchases.pricecheck.in_retroactive_window`); only the `limit` shown are checked
by the engine, in one `check_purchases` call, so the home page costs the same with any number of purchases.
"""

from datetime import date
from typing import Any

from django.urls import reverse

from core.attention import AttentionItem, AttentionList
from purchases.checks import check_purchases
from purchases.models import Purchase
from purchases.pricecheck import in_retroactive_window

KIND = "credits_due"
TITLE = "Invoices a retroactive amendment made wrong"


def attention_kinds(user: Any) -> dict[str, str]:
    return {KIND: TITLE} if user.has_perm("purchases.view_purchase") else {}


def attention_lists(user: Any, *, on: date, limit: int) -> list[AttentionList]:
    """Purchases invoiced between a retroactive table's start and its amendment's effective date, as of `on`.

    Only amendments effective by `on` count: until a retroactive amendment is agreed, nothing is due.
    """
    if not user.has_perm("purchases.view_purchase"):
        return []
    window = in_retroactive_window(Purchase.objects.all(), agreed_by=on)
    total = window.count()
    if not total:
        return []
    items = tuple(_item(check) for check in check_purchases(list(window.order_by("invoice_day", "pk")[:limit])))
    return [AttentionList(KIND, TITLE, items, total, more_url=reverse("purchases:credit_list"))]


def _item(check: Any) -> AttentionItem:
    purchase = check.purchase
    credit = check.credit
    if credit is None:
        detail = "No credit: " + (check.variance_now.why or "the contract's discount did not change.")
    elif credit.amount is None:
        detail = credit.why
    else:
        detail = f"Credit due {credit.amount}, made due by {credit.clause}."
    return AttentionItem(
        key=f"credit-due:{purchase.pk}",
        title=f"{purchase} (invoiced {check.agreed_on:%Y-%m-%d})",
        url=purchase.get_absolute_url(),
        detail=detail,
    )
