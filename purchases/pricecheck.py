"""Price check and credits due over many purchases: which rows, in what order, with which totals.

The per-purchase answers come from `purchases.checks`; this module only chooses the purchases and adds
up. What can be decided in the database is (agreement, buying entity, period, and for credits the
retroactive windows: `in_retroactive_window`); what needs the engine (the schedule a product is on,
whether a line has a variance or a credit) is decided on a bounded set: at most `MAX_CHECKED`
purchases, checked in chunks of `CHUNK` (each chunk costs the same queries, `check_purchases`).

Periods are of the invoice date (the order date when there is none): the invoice is what is checked
and what a claim disputes.
"""

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import overload

from django.db.models import Exists, F, OuterRef, QuerySet
from django.db.models.functions import Coalesce

from pricing.models import DiscountTable
from purchases.checks import PurchaseCheck, agreed_on, check_purchases
from purchases.models import Purchase

MAX_CHECKED = 5_000
CHUNK = 500
MONTH, QUARTER = "month", "quarter"
_PERIOD = re.compile(r"^(?P<year>\d{4})-(?:(?P<month>0[1-9]|1[0-2])|Q(?P<quarter>[1-4]))$")


class TooMany(Exception):
    """More purchases than `MAX_CHECKED` would have to be checked: the question must be narrowed."""


def period_range(text: str) -> tuple[date, date] | None:
    """`1998-08` (a month) or `1998-Q3` (a quarter) as (first day, first day after); None if neither."""
    match = _PERIOD.match(text.strip().upper())
    if match is None:
        return None
    year = int(match["year"])
    if match["month"]:
        first_month, months = int(match["month"]), 1
    else:
        first_month, months = (int(match["quarter"]) - 1) * 3 + 1, 3
    start = date(year, first_month, 1)
    end_month = first_month + months
    end = date(year + 1, 1, 1) if end_month > 12 else date(year, end_month, 1)
    return start, end


def period_of(day: date, by: str) -> str:
    """The period (`MONTH` or `QUARTER`) a date falls in, written as `period_range` reads it."""
    if by == QUARTER:
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    return f"{day:%Y-%m}"


def with_invoice_day(queryset: QuerySet[Purchase]) -> QuerySet[Purchase]:
    """Annotate `invoice_day`: the invoice date, or the order date when there is none."""
    if "invoice_day" in queryset.query.annotations:
        return queryset
    return queryset.annotate(invoice_day=Coalesce("invoice_date", "order_date"))


def in_period(queryset: QuerySet[Purchase], start: date, end: date) -> QuerySet[Purchase]:
    return with_invoice_day(queryset).filter(invoice_day__gte=start, invoice_day__lt=end)


def in_retroactive_window(queryset: QuerySet[Purchase], *, agreed_by: date | None = None) -> QuerySet[Purchase]:
    """Purchases a retroactive table could apply to but their invoice could not yet.

    A credit is due only when the answer as agreed now comes from an amendment agreed after the invoice
    (`purchases.checks`), so from a table of the purchase's agreement whose validity starts by the order
    date and whose amendment took effect after the invoice date: a table valid before its own amendment.
    This keeps every purchase that can have a credit (the engine decides which do) and no other window.
    `agreed_by`: only amendments effective by then count (None: every amendment on record).
    """
    retroactive = DiscountTable.objects.filter(
        schedule__agreement=OuterRef("agreement"),
        valid_from__lt=F("amendment__effective_date"),
        valid_from__lte=OuterRef("order_date"),
        amendment__effective_date__gt=OuterRef("invoice_day"),
    )
    if agreed_by is not None:
        retroactive = retroactive.filter(amendment__effective_date__lte=agreed_by)
    return with_invoice_day(queryset).filter(Exists(retroactive))


class CheckedPurchases(Sequence[PurchaseCheck]):
    """The purchases of a queryset, checked only as they are read: a page checks its own rows.

    Counted and sliced in the database, so django-tables2 paginates it like a queryset.
    """

    def __init__(self, queryset: QuerySet[Purchase]) -> None:
        self.queryset = queryset
        self._count: int | None = None

    def __len__(self) -> int:
        if self._count is None:
            self._count = self.queryset.count()
        return self._count

    @overload
    def __getitem__(self, index: int) -> PurchaseCheck: ...
    @overload
    def __getitem__(self, index: slice) -> list[PurchaseCheck]: ...
    def __getitem__(self, index: int | slice) -> PurchaseCheck | list[PurchaseCheck]:
        if isinstance(index, slice):
            return check_purchases(list(self.queryset[index]))
        return check_purchases([self.queryset[index]])[0]

    def __iter__(self) -> Iterator[PurchaseCheck]:
        for start in range(0, len(self), CHUNK):
            yield from self[start : start + CHUNK]


def checked(
    queryset: QuerySet[Purchase], *, schedule: str = "", only_variances: bool = False
) -> Sequence[PurchaseCheck]:
    """The price-check rows of `queryset`, narrowed by what only the engine knows.

    Without engine filters, a lazily checked sequence (a page checks its rows); with them, every
    purchase of the queryset is checked (`TooMany` beyond `MAX_CHECKED`) and the matching rows kept.
    """
    if not schedule and not only_variances:
        return CheckedPurchases(queryset)
    rows = []
    for check in _bounded(queryset):
        if schedule and check.now.line.schedule_section != schedule:
            continue
        if only_variances and not check.has_variance:
            continue
        rows.append(check)
    return rows


def _bounded(queryset: QuerySet[Purchase]) -> Iterator[PurchaseCheck]:
    limit = MAX_CHECKED
    if queryset[: limit + 1].count() > limit:
        raise TooMany(f"more than {limit:,} purchases")
    yield from CheckedPurchases(queryset)


@dataclass(frozen=True)
class Total:
    key: str
    amount: Decimal
    lines: int
    unknown: int  # lines whose credit cannot be computed (not in `amount`)


@dataclass
class CreditReport:
    """The credit claim: each line with the amendment that made it due, and totals."""

    period_by: str
    lines: list[PurchaseCheck] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((c.credit.amount for c in self.lines if c.credit and c.credit.amount is not None), Decimal(0))

    @property
    def unknown(self) -> int:
        return sum(1 for c in self.lines if c.credit and c.credit.amount is None)

    def totals_by(self, dimension: str) -> list[Total]:
        """Totals by `entity`, `schedule` or `period` (of the invoice date), in key order."""
        groups: dict[str, list[PurchaseCheck]] = {}
        for check in self.lines:
            groups.setdefault(self._key(check, dimension), []).append(check)
        return [
            Total(
                key,
                sum((c.credit.amount for c in rows if c.credit and c.credit.amount is not None), Decimal(0)),
                len(rows),
                sum(1 for c in rows if c.credit and c.credit.amount is None),
            )
            for key, rows in sorted(groups.items())
        ]

    def _key(self, check: PurchaseCheck, dimension: str) -> str:
        if dimension == "entity":
            return check.purchase.buyer.name
        if dimension == "schedule":
            return check.now.line.schedule_section
        return period_of(agreed_on(check.purchase), self.period_by)


def credit_report(queryset: QuerySet[Purchase], *, schedule: str = "", period_by: str = MONTH) -> CreditReport:
    """The purchases of `queryset` due a credit (`TooMany` when over `MAX_CHECKED` are in a retroactive window)."""
    report = CreditReport(period_by)
    for check in _bounded(in_retroactive_window(queryset)):
        if check.credit is None or (schedule and check.now.line.schedule_section != schedule):
            continue
        report.lines.append(check)
    return report
