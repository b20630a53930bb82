"""What a purchase counts for in dollars, which product it is, and spend by product group over time.

**Which amount counts: the amount paid** (`Purchase.amount_paid`, in USD). Decision for A-1.24 and for
every "spend against a commitment" here, with its reasons:
- A-1.24 counts "dollars ... in Customer's purchases": the money the Customer put into its purchases,
  not the Seller's list price, which no one pays (the schedules discount it by 25–83%; counting list
  would earn seats on dollars never spent).
- The invoiced net (list less the invoiced discount) is the Seller's claim, which a retroactive
  discount or a credit (Amendments 2 and 3) can make wrong; what was paid is the recorded fact.
- A purchase whose amount paid is not recorded, or that is not in USD, is **unknown**, never zero: it
  is counted apart, and an answer built on the known amounts says "at least".
When a purchase's contractual price is wanted (what should have been paid), that is the price check's
(`purchases.checks`), not this module's.

Which product a purchase is: its product as entered, resolved by the quote's own name rule
(`pricing.catalog.Catalog.resolve`: exact on any name of the product first, then containing). A name
that resolves to several products is ambiguous and counted apart.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from contracts.models import Agreement
from pricing.catalog import Catalog
from purchases.models import USD, Purchase

NOT_ON_A_SCHEDULE = "Not on a schedule"
AMBIGUOUS = "Product name ambiguous"
OTHER_SUPPLIER = "Other supplier (not Seller's product)"

# The columns a spend question reads: never whole purchases, so a page reads one narrow query.
PURCHASE_FIELDS = (
    "pk",
    "buyer_id",
    "product_as_entered",
    "order_date",
    "ship_date",
    "amount_paid",
    "currency",
    "remedy_id",
    "supplier",
)


@dataclass(frozen=True)
class PurchaseFacts:
    """The columns of one purchase that spend and seats are computed from."""

    pk: int
    buyer_id: int
    product_as_entered: str
    order_date: date
    ship_date: date | None
    amount_paid: Decimal | None
    currency: str
    remedy_id: int | None
    supplier: str

    @property
    def counted_amount(self) -> Decimal | None:
        """The dollars this purchase counts for (see the module docstring); None when unknown."""
        if self.amount_paid is None or self.currency != USD:
            return None
        return self.amount_paid

    @property
    def from_seller(self) -> bool:
        """False for a substitute bought elsewhere (slip remedy (b)) or from another supplier."""
        return self.remedy_id is None and not self.supplier


def purchase_facts(**filters: object) -> list[PurchaseFacts]:
    """The facts of the purchases matching `filters`, read in one query, in order date order."""
    rows = Purchase.objects.filter(**filters).order_by("order_date", "pk").values_list(*PURCHASE_FIELDS)
    return [PurchaseFacts(*row) for row in rows]


class ProductResolver:
    """Purchases' products as entered, resolved once per distinct name against one agreement's catalog."""

    def __init__(self, catalog: Catalog):
        self.catalog = catalog
        self._cache: dict[str, tuple[int, ...]] = {}

    def products(self, text: str) -> tuple[int, ...]:
        """The ids of the products the name may mean (none, one, or several when ambiguous)."""
        if text not in self._cache:
            self._cache[text] = tuple(match.product.pk for match in self.catalog.resolve(text))
        return self._cache[text]

    def group_label(self, facts: PurchaseFacts) -> str:
        """The product group of a purchase for spend: its discount schedule ("A-1.22 Pricing plan ...")."""
        if not facts.from_seller:
            return OTHER_SUPPLIER
        found = self.products(facts.product_as_entered)
        if not found:
            return NOT_ON_A_SCHEDULE
        sections = {self.catalog.product(pk).schedule for pk in found}
        if len(sections) > 1:
            return AMBIGUOUS
        schedule = next(iter(sections))
        return f"{schedule.section} {schedule.title}"


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_label(quarter: tuple[int, int]) -> str:
    return f"{quarter[0]} Q{quarter[1]}"


def _next_quarter(quarter: tuple[int, int]) -> tuple[int, int]:
    year, number = quarter
    return (year + 1, 1) if number == 4 else (year, number + 1)


@dataclass(frozen=True)
class SpendCell:
    group: str
    quarter: tuple[int, int]
    amount: Decimal  # the known amounts summed
    purchases: int
    unknown: int  # purchases whose amount is not known (not counted in `amount`)

    @property
    def quarter_label(self) -> str:
        return quarter_label(self.quarter)


@dataclass(frozen=True)
class SpendReport:
    """Spend by product group and quarter of the order date, from the purchases given."""

    groups: tuple[str, ...]
    quarters: tuple[tuple[int, int], ...]
    cells: dict[tuple[str, tuple[int, int]], SpendCell] = field(default_factory=dict)

    def cell(self, group: str, quarter: tuple[int, int]) -> SpendCell | None:
        return self.cells.get((group, quarter))

    def quarter_total(self, quarter: tuple[int, int]) -> Decimal:
        return sum((c.amount for (_, q), c in self.cells.items() if q == quarter), Decimal("0.00"))

    def group_total(self, group: str) -> Decimal:
        return sum((c.amount for (g, _), c in self.cells.items() if g == group), Decimal("0.00"))

    @property
    def total(self) -> Decimal:
        return sum((c.amount for c in self.cells.values()), Decimal("0.00"))

    @property
    def unknown(self) -> int:
        return sum(c.unknown for c in self.cells.values())

    def rows(self) -> list[SpendCell]:
        """Every (group, quarter) that has purchases, quarter by quarter."""
        return [self.cells[key] for key in sorted(self.cells, key=lambda k: (k[1], self.groups.index(k[0])))]


def spend_by_group(facts: Sequence[PurchaseFacts], resolver: ProductResolver) -> SpendReport:
    amounts: dict[tuple[str, tuple[int, int]], Decimal] = defaultdict(lambda: Decimal("0.00"))
    counts: dict[tuple[str, tuple[int, int]], list[int]] = defaultdict(lambda: [0, 0])
    for purchase in facts:
        key = (resolver.group_label(purchase), quarter_of(purchase.order_date))
        amount = purchase.counted_amount
        counts[key][0] += 1
        if amount is None:
            counts[key][1] += 1
        else:
            amounts[key] += amount
    if not counts:
        return SpendReport(groups=(), quarters=())
    groups = tuple(sorted({group for group, _ in counts}))
    first, last = min(q for _, q in counts), max(q for _, q in counts)
    quarters = [first]
    while quarters[-1] < last:  # every quarter in between, so a quarter with no spend shows as such
        quarters.append(_next_quarter(quarters[-1]))
    cells = {
        key: SpendCell(key[0], key[1], amounts[key], purchases, unknown) for key, (purchases, unknown) in counts.items()
    }
    return SpendReport(groups=groups, quarters=tuple(quarters), cells=cells)


def agreement_spend(agreement: Agreement, resolver: ProductResolver, *, start: date | None, end: date) -> SpendReport:
    filters: dict[str, object] = {"agreement": agreement, "order_date__lte": end}
    if start is not None:
        filters["order_date__gte"] = start
    return spend_by_group(purchase_facts(**filters), resolver)
