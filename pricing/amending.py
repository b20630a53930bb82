"""What an executed amendment writes into the discount schedules: the one place for each change.

Called by `drafts.execution` inside its transaction. The bookkeeping the data file spells out (a
table per schedule and amendment, its key, action and start) is decided here, not typed by an admin:

- the amendment's lines of one schedule go into one new table that *extends* the schedule (earlier
  tables stay in force), starting on the earliest of its lines' start dates;
- a line that **replaces** another is a line of the same product, component and condition in the new
  table: the later-agreed line prevails from its start (`pricing.in_force`, DECISIONS.md 2026-11-26),
  and before it, or "as agreed on" a date before the amendment, the old line still answers;
- a line that is **ended** from a date gets a successor that states no number ("ended by Amendment N"):
  from then on the schedule gives no discount for it, and the earlier line is not rewritten.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError

from contracts.amending import TakenKeys
from contracts.datafile import row_key
from contracts.models import Agreement, Amendment, Document
from contracts.names import normalize_name
from core.editing import save_edit
from pricing.models import DiscountLine, DiscountSchedule, DiscountTable, Product, ProductName, WarrantyTerm


@dataclass(frozen=True)
class LineSpec:
    """One discount line as an amendment states it."""

    product_name: str
    component: str
    condition: str
    percent: Decimal | None
    no_number_reason: str
    valid_from: date
    valid_to: date | None = None
    footnotes: str = ""
    amendment_section: str = ""
    note: str = ""
    # Where one of the agreement's documents prints the line (e.g. the amendment's signed copy, "page 2").
    cited_document: Document | None = None
    cited_place: str = ""


class LineRefused(Exception):
    """Line `index` of the specs given to `add_schedule_lines` cannot be written: `error` says why."""

    def __init__(self, index: int, error: ValidationError) -> None:
        self.index = index
        self.error = error
        super().__init__(f"line {index + 1}: {error}")


def ended_line(
    line: DiscountLine,
    *,
    amendment: Amendment,
    valid_from: date,
    amendment_section: str,
    note: str,
    cited_document: Document | None = None,
    cited_place: str = "",
) -> LineSpec:
    """The successor that ends `line` from `valid_from`: no number, saying which amendment ended it."""
    where = f" §{amendment_section}" if amendment_section else ""
    return LineSpec(
        product_name=line.product.name,
        component=line.component,
        condition=line.condition,
        percent=None,
        no_number_reason=f"ended by Amendment {amendment.number}{where}",
        valid_from=valid_from,
        amendment_section=amendment_section,
        note=note,
        cited_document=cited_document,
        cited_place=cited_place,
    )


def schedule_for(agreement: Agreement, *, section: str, title: str, reason: str) -> DiscountSchedule:
    """The agreement's schedule with this section, created if the amendment adds a new one."""
    existing = DiscountSchedule.objects.filter(agreement=agreement, section=section).first()
    if existing is not None:
        return existing
    if not title.strip():
        raise ValidationError({"new_schedule_title": f"Give the title of the new schedule {section}."})
    return save_edit(DiscountSchedule(agreement=agreement, section=section, title=title), reason=reason)


def product_named(schedule: DiscountSchedule, name: str) -> Product | None:
    """The schedule's product called `name` (by its name or another name), compared normalized."""
    key = normalize_name(name)
    product = Product.objects.filter(schedule=schedule, normalized_name=key).first()
    if product is None:
        other = ProductName.objects.filter(product__schedule=schedule, normalized_name=key).select_related("product")
        found = other.first()
        product = found.product if found else None
    return product


def _product(schedule: DiscountSchedule, name: str, reason: str) -> Product:
    return product_named(schedule, name) or save_edit(
        Product(schedule=schedule, name=name.strip(), family=schedule.title), reason=reason
    )


def _table_key(amendment: Amendment, schedule: DiscountSchedule) -> str:
    # Table keys are unique across the portfolio.
    text = f"{amendment.agreement.contract_number}-am{amendment.number}-{schedule.section}"
    return row_key(text, TakenKeys(DiscountTable.objects.all()))


def _percent_as_written(spec: LineSpec) -> str:
    return f"{spec.percent.normalize():f}%" if spec.percent is not None else spec.no_number_reason


def add_schedule_lines(
    amendment: Amendment, schedule: DiscountSchedule, lines: list[LineSpec], *, reason: str
) -> list[DiscountLine]:
    """One table extending `schedule`, printed by `amendment`, holding `lines` in order."""
    if not lines:
        return []
    if schedule.agreement_id != amendment.agreement_id:
        raise ValidationError({"schedule": "The schedule belongs to another agreement."})
    sections = sorted({spec.amendment_section for spec in lines if spec.amendment_section})
    table = save_edit(
        DiscountTable(
            key=_table_key(amendment, schedule),
            schedule=schedule,
            amendment=amendment,
            amendment_section=", ".join(sections)[:40],
            action="extend",
            valid_from=min(spec.valid_from for spec in lines),
            heading_as_written=f"{schedule.section} {schedule.title}"[:200],
        ),
        reason=reason,
    )
    saved = []
    for position, spec in enumerate(lines, start=1):
        try:
            saved.append(_add_line(table, position, spec, reason))
        except ValidationError as error:
            raise LineRefused(position - 1, error) from error
    return saved


def _add_line(table: DiscountTable, position: int, spec: LineSpec, reason: str) -> DiscountLine:
    if not normalize_name(spec.product_name):
        raise ValidationError({"product_name": "A product name needs at least one letter or digit."})
    product = _product(table.schedule, spec.product_name, reason)
    line = DiscountLine(
        table=table,
        amendment=table.amendment,
        position=position,
        product=product,
        product_as_written=spec.product_name.strip(),
        component=spec.component,
        condition=spec.condition,
        percent=spec.percent,
        percent_as_written=_percent_as_written(spec),
        no_number_reason=spec.no_number_reason if spec.percent is None else "",
        valid_from=spec.valid_from,
        valid_to=spec.valid_to,
        footnotes=spec.footnotes,
        note=spec.note,
        cited_document=spec.cited_document,
        cited_place=spec.cited_place,
    )
    return save_edit(line, reason=reason)


def add_warranty(
    amendment: Amendment,
    schedule: DiscountSchedule,
    *,
    applies_to_as_written: str,
    component: str,
    months: int | None,
    days: int | None,
    text: str,
    amendment_section: str,
    note: str,
    reason: str,
) -> WarrantyTerm:
    term = WarrantyTerm(
        key=row_key(
            f"am{amendment.number}-{schedule.section}-{component or 'all'}",
            TakenKeys(WarrantyTerm.objects.filter(schedule=schedule)),
        ),
        amendment=amendment,
        amendment_section=amendment_section,
        schedule=schedule,
        applies_to_as_written=applies_to_as_written,
        component=component,
        months=months,
        days=days,
        text=text,
        note=note,
    )
    return save_edit(term, reason=reason)
