"""Purchases for a generated portfolio (the `portfolio` hook of `ledger.portfolio.hooks`).

For each agreement, 50–200 purchase lines of the products its discount lines name, shaped like a real
ledger: mostly Customers buying during the Term at the invoiced discount the line gives, and the cases
the checks exist for: a buyer that is not a Customer (the holding company), orders outside the Term, a
product on no schedule, an invoiced discount that differs from the line's or is not shown (unknown,
never 0%), no amount paid, no invoice or ship date yet, and substitutes bought elsewhere under a slip
remedy (b). Some purchases are edited later with a reason (an invoice received, an amount paid).

Deterministic: one `random.Random` per agreement, keyed by the seed and the contract number, and every
record it draws from is read in natural-key order, so the same seed gives the same purchases in any
database, with the agreements or added later. The seed agreement gets purchases the same way when
asked (the benchmarks ask the same questions of it at both sizes).
"""

import random
from collections.abc import Sequence
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Max, QuerySet

from contracts.models import Agreement, CustomerMembership, TermVersion
from ledger.portfolio.hooks import AppRows, recorded_from
from ledger.portfolio.plan import Edit
from ledger.portfolio.vocabulary import SUPPLIERS
from pricing.choices import Condition
from pricing.models import DiscountLine
from purchases.models import Purchase
from releases.models import Remedy

RECORDED_FROM = datetime.fromisoformat("2025-02-03T09:00:00+00:00")  # after the agreements' own history
CENT = Decimal("0.01")
OFF_SCHEDULE = ("Cable assembly, 25 ft", "Rack hardware kit", "Installation services (time and materials)")
CARDS = {Condition.LARGE_GROWTH.value: (7, 12), Condition.PERIPHERAL_GROWTH.value: (1, 6)}


def portfolio_pending(agreements: QuerySet[Agreement]) -> QuerySet[Agreement]:
    return agreements.filter(purchases__isnull=True)


def _facts(agreements: Sequence[Agreement]) -> dict[int, dict[str, Any]]:
    """What each agreement's purchases are drawn from, read in a few queries for the whole batch."""
    ids = [a.pk for a in agreements]
    facts: dict[int, dict[str, Any]] = {
        a.pk: {"customers": [], "outsiders": set(), "lines": [], "remedies": [], "expiry": None} for a in agreements
    }
    for agreement_id, entity_id, parent_id, valid_from, valid_to in (
        CustomerMembership.objects.filter(agreement__in=ids)
        .values_list("agreement", "entity", "entity__parent", "valid_from", "valid_to")
        .order_by("agreement", "entity__slug", "valid_from")
    ):
        facts[agreement_id]["customers"].append((entity_id, valid_from, valid_to))
        if parent_id is not None:
            facts[agreement_id]["outsiders"].add(parent_id)
    for agreement_id, expiry in (
        TermVersion.objects.filter(agreement__in=ids).values("agreement").annotate(last=Max("expiry_date"))
    ).values_list("agreement", "last"):
        facts[agreement_id]["expiry"] = expiry
    lines = DiscountLine.objects.filter(table__schedule__agreement__in=ids, product__isnull=False)
    for row in lines.order_by("table__schedule__agreement", "table__key", "position", "column").values_list(
        "table__schedule__agreement",
        "product__name",
        "component",
        "condition",
        "order_code",
        "percent",
        "valid_from",
        "valid_to",
        "table__schedule__section",
    ):
        facts[row[0]]["lines"].append(row[1:])
    remedies = Remedy.objects.filter(
        release__group__product_line__schedule__amendment__agreement__in=ids, option=Remedy.Option.NON_LUCENT
    )
    for agreement_id, remedy_id, agreed_on, supplier in remedies.order_by(
        "release__group__product_line__schedule__amendment__agreement",
        "release__group__product_line__key",
        "release__group__key",
        "release__key",
        "agreed_on",
    ).values_list(
        "release__group__product_line__schedule__amendment__agreement",
        "pk",
        "agreed_on",
        "substitute_supplier",
    ):
        facts[agreement_id]["remedies"].append((remedy_id, agreed_on, supplier))
    for fact in facts.values():
        fact["outsiders"] = sorted(fact["outsiders"] - {c[0] for c in fact["customers"]})
    return facts


def portfolio_rows(agreements: Sequence[Agreement], *, seed: int, user: Any = None) -> AppRows:
    facts = _facts(agreements)
    rows = AppRows(batches=[[]])
    for agreement in agreements:
        _purchases(rows, agreement, facts[agreement.pk], seed)
    return rows


def _purchases(rows: AppRows, agreement: Agreement, fact: dict[str, Any], seed: int) -> None:
    rng = random.Random(f"ledgerline-portfolio-purchases:{seed}:{agreement.contract_number}")  # noqa: S311
    lines, customers = fact["lines"], fact["customers"]
    if not lines or not customers:
        return
    # Training's product groups (A-1.22 Data Networking) are bought more often, so seats are earned.
    data_networking = [line for line in lines if line[-1] == "A-1.22"]
    term_end = fact["expiry"] or agreement.effective_date + timedelta(days=6 * 365)
    recorded = recorded_from(agreement, RECORDED_FROM)
    tag = agreement.contract_number.rsplit("-", 2)[-2:]
    reason = f"generate_portfolio --seed {seed}: purchases of {agreement.contract_number}"
    for number in range(1, rng.randint(50, 200) + 1):
        training = bool(data_networking) and rng.random() < 0.3
        line = rng.choice(data_networking) if training else rng.choice(lines)
        product, component, condition, order_code, percent, valid_from, valid_to, _ = line
        purchase = Purchase(agreement=agreement, po_reference=f"PO-{'-'.join(tag)}-{number:04d}")
        roll = rng.random()
        start = max(valid_from, agreement.effective_date)
        end = min(valid_to or term_end, term_end, start + timedelta(days=5 * 365))
        purchase.order_date = start + timedelta(days=rng.randint(0, max(0, (end - start).days)))
        if roll < 0.04:  # after the Term
            purchase.order_date = term_end + timedelta(days=rng.randint(1, 400))
        members = [entity for entity, since, until in customers if _member(purchase.order_date, since, until)]
        purchase.buyer_id = rng.choice(members or [c[0] for c in customers])
        if fact["outsiders"] and 0.04 <= roll < 0.08:  # the holding company is no Customer
            purchase.buyer_id = rng.choice(fact["outsiders"])
        purchase.product_as_entered = product
        purchase.component, purchase.condition, purchase.order_code = component, condition, order_code
        if condition in CARDS:
            purchase.stsx1_cards_added = rng.randint(*CARDS[condition])
        if 0.08 <= roll < 0.11:
            purchase.product_as_entered, purchase.component, purchase.condition = rng.choice(OFF_SCHEDULE), "", ""
            purchase.order_code = ""
        purchase.quantity = rng.randint(1, 20)
        low, high = (5_000, 90_000) if training else (200, 60_000)
        purchase.list_price = Decimal(rng.randint(low, high)) + Decimal(rng.choice((0, 50, 99))) / 100
        invoiced = percent if percent is not None else Decimal(rng.randint(10, 50))
        kind = rng.random()
        if kind < 0.12:  # a variance
            invoiced = min(Decimal(100), max(Decimal(0), invoiced + rng.choice((-5, -2, -1, 1, 3))))
        purchase.invoiced_percent = None if kind > 0.88 else invoiced
        if rng.random() < 0.92:
            purchase.invoice_date = purchase.order_date + timedelta(days=rng.randint(3, 60))
            purchase.invoice_reference = f"INV-{'-'.join(tag)}-{number:05d}"
        if rng.random() < 0.85:
            purchase.ship_date = purchase.order_date + timedelta(days=rng.randint(5, 120))
        net = purchase.list_price * purchase.quantity * (100 - (purchase.invoiced_percent or Decimal(40))) / 100
        paid = net.quantize(CENT, rounding=ROUND_HALF_UP)
        if fact["remedies"] and 0.11 <= roll < 0.14:  # a substitute bought elsewhere under a slip remedy (b)
            remedy_id, agreed_on, supplier = rng.choice(fact["remedies"])
            purchase.remedy_id, purchase.supplier = remedy_id, supplier or rng.choice(SUPPLIERS)
            purchase.order_date = agreed_on + timedelta(days=rng.randint(0, 90))
            purchase.invoice_date = purchase.ship_date = None
            purchase.invoiced_percent = None
        elif 0.14 <= roll < 0.15:
            purchase.supplier = rng.choice(SUPPLIERS)
        purchase._history_date = recorded + timedelta(seconds=number)  # type: ignore[attr-defined]
        purchase._change_reason = reason  # type: ignore[attr-defined]
        if rng.random() < 0.1 or paid == 0:
            purchase.amount_paid = None  # not recorded: unknown, never zero
        else:
            purchase.amount_paid = paid
            if rng.random() < 0.2:  # recorded later, with the remittance
                when = recorded + timedelta(days=rng.randint(1, 200))
                change = ({"amount_paid": None}, {"amount_paid": paid})
                rows.edits.append(Edit(purchase, *change, "Amount paid from the remittance.", when))
        rows.batches[0].append(purchase)


def _member(day, since, until) -> bool:
    """A Customer on `day` by its membership's dates (no start: evidenced by a recital, from the outset)."""
    return (since is None or since <= day) and (until is None or day <= until)
