"""Credits due, as an attention list (`core.attention`): invoices issued inside a retroactive window.

Counted in the database (`purchases.pricecheck.in_retroactive_window`); only the `limit` shown are checked
by the engine, in one `check_purchases` call, for one agreement, so the home page costs the same with any
number of purchases and agreements. With several agreements and none asked, the first agreements with
such invoices are listed with their counts (read through each one's purchases), and nothing is counted
over the portfolio.
"""

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Exists, Min, OuterRef
from django.urls import reverse

from contracts.models import Agreement
from core.attention import AttentionItem, AttentionList
from purchases.checks import check_purchases
from purchases.models import Purchase
from purchases.pricecheck import in_retroactive_window

KIND = "credits_due"
TITLE = "Invoices a retroactive amendment made wrong"


def attention_kinds(user: Any) -> dict[str, str]:
    return {KIND: TITLE} if user.has_perm("purchases.view_purchase") else {}


def attention_lists(user: Any, *, on: date, limit: int, agreement: Any = None) -> list[AttentionList]:
    """Purchases invoiced between a retroactive table's start and its amendment's effective date, as of `on`.

    Only amendments effective by `on` count: until a retroactive amendment is agreed, nothing is due. Each
    purchase listed is checked by the engine, which reads its agreement's catalog: so the purchases are
    listed for one agreement (the one asked about, or the only one with such invoices); with several, the
    list shows the first agreements' counts instead, each linking to its credit claim, and no total.
    """
    if not user.has_perm("purchases.view_purchase"):
        return []
    purchases = Purchase.objects.all() if agreement is None else Purchase.objects.of_agreement(agreement)
    window = in_retroactive_window(purchases, agreed_by=on)
    more_url = reverse("purchases:credit_list")
    if agreement is not None:
        more_url += "?" + urlencode({"agreement": agreement.contract_number})
    elif len(window.order_by().values("agreement").distinct()[:2]) > 1:
        # Over the portfolio nothing is counted (that would read every purchase): the first agreements that
        # have such invoices, each with its own count.
        note = (
            f"Counted per agreement: the first {limit} agreements with invoices in a retroactive window. "
            "Choose an agreement above for its invoices."
        )
        items = _by_agreement(window, limit)
        return [AttentionList(KIND, TITLE, items, 0, more_url=more_url, note=note, counted=False)]
    total = window.count()
    if not total:
        return []
    items = tuple(_item(check) for check in check_purchases(list(window.order_by("invoice_day", "pk")[:limit])))
    return [AttentionList(KIND, TITLE, items, total, more_url=more_url)]


def _by_agreement(window: Any, limit: int) -> tuple[AttentionItem, ...]:
    """One item per agreement with invoices in a retroactive window (the first `limit` agreements on record
    that have any): how many, since when. Each agreement is found and counted through its own purchases."""
    found = Agreement.objects.filter(Exists(window.filter(agreement=OuterRef("pk")))).order_by("pk")[:limit]
    rows = (
        window.filter(agreement__in=list(found.values_list("pk", flat=True)))  # ids: each read by its index
        .order_by()
        .values("agreement", "agreement__contract_number")
        .annotate(invoices=Count("pk"), first=Min("invoice_day"))
        .order_by("agreement")
    )
    items = []
    for row in rows:
        contract_number = row["agreement__contract_number"]
        items.append(
            AttentionItem(
                # A new key when the count changes: more invoices in a window are news.
                key=f"credits-due:{row['agreement']}:{row['invoices']}",
                title=f"{contract_number}: {row['invoices']:,} invoices a retroactive amendment made wrong",
                url=f"{reverse('purchases:credit_list')}?{urlencode({'agreement': contract_number})}",
                detail=f"Invoiced from {row['first']:%Y-%m-%d}; the credit claim shows what is due and why.",
            )
        )
    return tuple(items)


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
