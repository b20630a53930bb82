"""What the discount lookup says beside its rows: why some lines are not there on the date.

Only for what the lookup asks about (an agreement, a schedule, the products a name matches), and for
at most `NOTED_AGREEMENTS` agreements, so the notes cost the same few queries and stay a few lines
long in a portfolio of a thousand agreements.
"""

from dataclasses import dataclass
from typing import Any, cast

from django.db.models import QuerySet

from contracts.models import Agreement
from contracts.snapshot import term_standing
from core.pointintime.dates import AsOf
from core.pointintime.standing import Standing
from pricing.engine import schedule_in_force
from pricing.in_force import table_in_force
from pricing.models import DiscountSchedule, DiscountTable, Product
from pricing.querysets import ProductQuerySet

NOTED_AGREEMENTS = 10
UNPRICED_SHOWN = 10
# A CSV of more lines than a few agreements print is refused: the lookup asks to narrow it instead.
EXPORT_MAX_LINES = 5_000


@dataclass(frozen=True)
class LookupQuestion:
    """The records a lookup asks about; each may be absent (every agreement, schedule, product)."""

    agreement: Agreement | None = None
    schedule: DiscountSchedule | None = None
    name: str = ""

    @property
    def spans_agreements(self) -> bool:
        """Not about one agreement: its lines may be a portfolio's."""
        return self.agreement is None and self.schedule is None

    def agreements(self) -> "QuerySet[Agreement]":
        if self.schedule is not None:
            return Agreement.objects.filter(pk=self.schedule.agreement_id)
        agreements = Agreement.objects.all()
        if self.agreement is not None:
            agreements = agreements.filter(pk=self.agreement.pk)
        if self.name:
            agreements = agreements.filter(pk__in=self._named().values("schedule__agreement_id"))
        return agreements

    def schedules(self) -> "QuerySet[DiscountSchedule]":
        schedules = DiscountSchedule.objects.all()
        if self.schedule is not None:
            schedules = schedules.filter(pk=self.schedule.pk)
        elif self.agreement is not None:
            schedules = schedules.filter(agreement=self.agreement)
        if self.name:
            schedules = schedules.filter(pk__in=self._named().values("schedule_id"))
        return schedules

    def product_ids(self) -> Any:
        """The ids of `products()`, as one subquery (across the portfolio, without reading the products)."""
        if self.schedule is None and self.agreement is None:
            return Product.objects.all().named_ids(self.name)
        return self.products().values("pk")

    def own_product_ids(self) -> Any:
        """Across the portfolio, the ids of the products whose own name holds a name of one term, as one
        subquery (`ProductQuerySet.own_named_ids`); None otherwise."""
        if not (self.spans_agreements and self.name):
            return None
        return Product.objects.all().own_named_ids(self.name)

    def _named(self) -> "QuerySet[Product]":
        return Product.objects.filter(pk__in=self.product_ids())

    def products(self) -> "QuerySet[Product]":
        """The products the name matches, within the schedule or agreement asked about."""
        if self.schedule is not None:
            return Product.objects.filter(schedule=self.schedule).named(self.name, scan=True)
        if self.agreement is not None:
            return Product.objects.filter(schedule__agreement=self.agreement).named(self.name, scan=True)
        return Product.objects.named(self.name)


def unpriced_products(question: LookupQuestion) -> list[Product]:
    """Up to `UNPRICED_SHOWN` + 1 products the name matches that no table prints a line for (A-1.26's
    firm-quotation products): the lookup points to their page instead of showing nothing."""
    if not question.name:
        return []
    products = (
        cast(ProductQuerySet, question.products())
        .without_lines()
        .select_related("schedule__agreement")
        .order_by("name", "pk")
    )
    return list(products[: UNPRICED_SHOWN + 1])


def lookup_notes(as_of: AsOf, question: LookupQuestion | None = None) -> list[tuple[str, str]]:
    """(subject, why) for each agreement asked about whose Term does not run (or is unknown) on
    `as_of.on`, and each of its schedules asked about whose discounts then are unknown or not yet agreed."""
    question = question or LookupQuestion()
    agreements = list(
        question.agreements()
        .prefetch_related("term_versions__amendment")
        .order_by("contract_number")[: NOTED_AGREEMENTS + 1]
    )
    notes = []
    if len(agreements) > NOTED_AGREEMENTS:
        agreements = agreements[:NOTED_AGREEMENTS]
        notes.append(
            (
                "More agreements",
                f"Notes are given for the first {NOTED_AGREEMENTS} agreements asked about (by contract number); "
                "choose an agreement to see why its lines may be missing on the date.",
            )
        )
    for agreement in agreements:
        term = term_standing(agreement, as_of, versions=list(agreement.term_versions.all()))
        if term.in_term is Standing.NO:
            notes.append((f"{agreement.contract_number}", f"No discount is in force: {term.reason}"))
        elif term.in_term is Standing.UNKNOWN:
            notes.append((f"{agreement.contract_number}", f"Whether the Term runs is unknown: {term.reason}"))
    several = len(agreements) > 1
    # Only the schedules with a table but none in force have a note: found by the rule's SQL form
    # (`pricing.in_force`), so that the tables of ten agreements are not all read to say nothing.
    # Read first (at most the schedules of NOTED_AGREEMENTS agreements): nested twice below, a product
    # name's matching expression is more than SQLite's parser takes ("parser stack overflow").
    asked = list(question.schedules().filter(agreement__in=[a.pk for a in agreements]).values_list("pk", flat=True))
    in_force = DiscountTable.objects.filter(table_in_force(as_of), schedule__in=asked).values("schedule_id")
    tables = (
        DiscountTable.objects.filter(schedule__in=asked)
        .exclude(schedule__in=in_force)
        .select_related("schedule__agreement", "amendment")
    )
    by_schedule: dict = {}
    for table in tables:
        by_schedule.setdefault(table.schedule, []).append(table)
    for schedule, schedule_tables in sorted(
        by_schedule.items(), key=lambda item: (item[0].section, item[0].agreement.contract_number)
    ):
        _, gap = schedule_in_force(schedule_tables, as_of)
        if gap is not None:
            subject = f"{schedule.agreement.contract_number} {schedule}" if several else str(schedule)
            notes.append((subject, gap.warnings[0]))
    return notes
