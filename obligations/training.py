"""Training seats (A-1.24): earned per block of dollars of a product group's purchases, used, lapsing.

The rule's numbers come from the data file (`TrainingIncentive`, `TrainingProductGroup`); what they
mean is decided here, once:

- **Counted purchases.** A purchase of the agreement counts toward a group when its product (as entered,
  resolved by the quote's name rule) is one of the group's products, its buyer is a Customer on the
  order date (`contracts.snapshot.customer_standing`), it is the Seller's product (not a slip-remedy
  substitute or another supplier's), and it was ordered from the incentive's amendment's effective
  date up to the date asked ("on"). The dollars are the amount paid (`obligations.spending`).
- **Blocks.** Each group is added up on its own, in order-date order: every full `threshold` dollars
  (at the threshold exactly, not a cent before) earns `seats_per_threshold` seats, earned on the
  order date of the purchase that completed the block. (a) and (b) are never added together: each has
  its own "for each $1,250,000".
- **Use-by.** "within twelve (12) months after the shipment of the relevant Data Networking Products":
  the relevant products are the purchases whose dollars make up the block; the seat can be used up to
  and including the same day `use_within_months` months after the latest of their ship dates (the last
  day of the month when that month is shorter). A block with a purchase not yet shipped (no ship date)
  has an unknown use-by.
- **Uses.** Seats of both groups are the same kind of seat (a five-day Data Networking course): each
  recorded use, in date order, takes the earned, unexpired seat that lapses first. A use no such seat
  covers is reported, not hidden.
- **Unknown amounts.** A purchase of a group whose amount is unknown is counted apart: seats earned are
  then "at least" the number shown.
"""

import calendar
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from contracts.snapshot import customer_standing
from core.pointintime.dates import AsOf
from core.pointintime.standing import Standing
from obligations.models import SeatUse, TrainingIncentive, TrainingProductGroup
from obligations.spending import ProductResolver, PurchaseFacts, purchase_facts
from pricing.catalog import Catalog, load_catalog

EXPIRING_WITHIN_DAYS = 60


def add_months(day: date, months: int) -> date:
    """The same day `months` months later; the month's last day when it has no such day (Feb 29 → Feb 28)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Block:
    """One full threshold of a group's purchases, and the seats it earned."""

    group: TrainingProductGroup
    number: int  # 1 for the group's first block
    earned_on: date
    purchases: tuple[int, ...]  # the ids of the purchases whose dollars make it up
    use_by: date | None  # None: a purchase of it has not shipped (or its ship date is not recorded)
    seats: int


@dataclass
class Seat:
    block: Block
    number: int  # within the block
    use: SeatUse | None = None

    @property
    def group(self) -> TrainingProductGroup:
        return self.block.group

    @property
    def earned_on(self) -> date:
        return self.block.earned_on

    @property
    def use_by(self) -> date | None:
        return self.block.use_by

    def status(self, on: date) -> str:
        if self.use is not None:
            return "used"
        if self.use_by is None:
            return "use-by unknown"
        if self.use_by < on:
            return "expired"
        if self.use_by <= on + timedelta(days=EXPIRING_WITHIN_DAYS):
            return "expiring"
        return "available"

    def usable(self, day: date) -> bool:
        """Free, already earned and not lapsed on `day`."""
        return self.use is None and self.earned_on <= day and (self.use_by is None or day <= self.use_by)


@dataclass(frozen=True)
class GroupTally:
    group: TrainingProductGroup
    counted: Decimal  # known dollars counted toward the group
    purchases: int
    unknown_amounts: int  # purchases of the group whose amount is not known
    toward_next: Decimal  # dollars counted past the last full block


@dataclass
class TrainingReport:
    incentive: TrainingIncentive
    on: date
    tallies: list[GroupTally] = field(default_factory=list)
    seats: list[Seat] = field(default_factory=list)
    uncovered: list[SeatUse] = field(default_factory=list)  # uses no earned, unexpired seat covers
    ambiguous: int = 0  # purchases whose product name could mean a group's product and another one

    def count(self, status: str) -> int:
        return sum(1 for seat in self.seats if seat.status(self.on) == status)

    @property
    def earned(self) -> int:
        return len(self.seats)

    @property
    def used(self) -> int:
        return self.count("used")

    @property
    def remaining(self) -> int:
        """Seats that can still be used on the date: earned, not used, not lapsed."""
        return sum(self.count(status) for status in ("available", "expiring", "use-by unknown"))

    @property
    def expired(self) -> int:
        return self.count("expired")

    @property
    def expiring(self) -> list[Seat]:
        """Unused seats whose use-by falls within the next 60 days (from the date asked, inclusive)."""
        soon = [seat for seat in self.seats if seat.status(self.on) == "expiring"]
        return sorted(soon, key=lambda seat: (seat.use_by or date.max, seat.group.position, seat.block.number))

    @property
    def at_least(self) -> bool:
        """Seats earned may be more than shown: some purchases' amounts (or products) are unknown."""
        return self.ambiguous > 0 or any(t.unknown_amounts for t in self.tallies)


def blocks_of(
    group: TrainingProductGroup, purchases: Sequence[PurchaseFacts], incentive: TrainingIncentive
) -> tuple[list[Block], GroupTally]:
    """The blocks a group's counted purchases (in order date order) complete; pure."""
    threshold = incentive.threshold
    total, blocks, unknown = Decimal("0.00"), [], 0
    members: list[PurchaseFacts] = []  # purchases whose dollars are in the block being filled
    for purchase in purchases:
        amount = purchase.counted_amount
        if amount is None:
            unknown += 1
            continue
        members.append(purchase)
        total += amount
        while total >= threshold * (len(blocks) + 1):
            blocks.append(_block(group, len(blocks) + 1, purchase, members, incentive))
            # A purchase that runs past the block's end also starts the next one.
            members = [purchase] if total > threshold * len(blocks) else []
    tally = GroupTally(group, total, len(purchases), unknown, total - threshold * len(blocks))
    return blocks, tally


def _block(group, number, completing, members, incentive) -> Block:
    ship_dates = [p.ship_date for p in members]
    use_by = None
    if all(ship_dates):
        use_by = add_months(max(d for d in ship_dates if d), incentive.use_within_months)
    return Block(
        group=group,
        number=number,
        earned_on=completing.order_date,
        purchases=tuple(p.pk for p in members),
        use_by=use_by,
        seats=incentive.seats_per_threshold,
    )


def allocate(seats: list[Seat], uses: Sequence[SeatUse]) -> list[SeatUse]:
    """Give each use (in date order) the usable seat that lapses first; return the uses left uncovered."""
    uncovered = []
    for use in sorted(uses, key=lambda u: (u.used_on, u.pk or 0)):
        candidates = [seat for seat in seats if seat.usable(use.used_on)]
        if not candidates:
            uncovered.append(use)
            continue
        seat = min(candidates, key=lambda s: (s.use_by or date.max, s.earned_on, s.group.position, s.number))
        seat.use = use
    return uncovered


def _counted(purchase: PurchaseFacts, catalog: Catalog, start: date) -> bool:
    if not purchase.from_seller or purchase.order_date < start:
        return False
    membership = catalog.memberships.get(purchase.buyer_id)
    if membership is None:
        return False
    # A buyer whose standing is unknown is not counted: its purchases are not shown to be Customer's.
    return customer_standing(membership, AsOf(on=purchase.order_date)).standing is Standing.YES


def training_report(incentive: TrainingIncentive, *, on: date, catalog: Catalog | None = None) -> TrainingReport:
    """Seats of one incentive as of `on`, in a fixed number of queries whatever the number of purchases."""
    report = TrainingReport(incentive=incentive, on=on)
    _earn(report, list(incentive.groups.all()), catalog or load_catalog(incentive.agreement))
    uses = list(incentive.seat_uses.filter(used_on__lte=on).select_related("recorded_by"))
    report.uncovered = allocate(report.seats, uses)
    return report


def seats_earned(
    incentive: TrainingIncentive, groups: Sequence[TrainingProductGroup], *, on: date, catalog: Catalog
) -> list[Seat]:
    """The seats `groups` of `incentive` earned by `on`, before any use (the groups need not be saved)."""
    report = TrainingReport(incentive=incentive, on=on)
    _earn(report, groups, catalog)
    return report.seats


def _earn(report: TrainingReport, groups: Sequence[TrainingProductGroup], catalog: Catalog) -> None:
    """The tallies and seats of `report`'s incentive on its date, from the agreement's purchases (one query)."""
    incentive, on = report.incentive, report.on
    resolver = ProductResolver(catalog)
    group_products = {
        id(group): {pk for name in group.product_list for pk in resolver.products(name)} for group in groups
    }
    start = incentive.amendment.effective_date
    by_group: dict[int, list[PurchaseFacts]] = {id(group): [] for group in groups}
    for purchase in purchase_facts(agreement=incentive.agreement, order_date__lte=on):
        if not _counted(purchase, catalog, start):
            continue
        products = set(resolver.products(purchase.product_as_entered))
        hits = [group for group in groups if products & group_products[id(group)]]
        if len(products) > 1 and hits:
            report.ambiguous += 1
        elif hits:
            by_group[id(hits[0])].append(purchase)
    for group in groups:
        blocks, tally = blocks_of(group, by_group[id(group)], incentive)
        report.tallies.append(tally)
        report.seats += [Seat(block, n + 1) for block in blocks for n in range(block.seats)]
