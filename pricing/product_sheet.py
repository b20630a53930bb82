"""Everything the product page shows about one product, decided here rather than in the template."""

from dataclasses import dataclass
from typing import Any

from contracts.citations import cite_each
from pricing.engine import firm_quotation_rule
from pricing.footnote_scope import footnotes_not_applied
from pricing.models import DiscountTable, Product
from pricing.timeline import Timeline, product_timeline
from pricing.warranties import governing_terms


@dataclass(frozen=True)
class ProductSheet:
    lines: list[Any]
    tables: list[Any]
    rule_tables: list[Any]  # the tables whose footnotes concern the product
    firm_quotation: Any  # the rule that prices it by firm quotation, when no line does
    own_warranties: list[Any]
    schedule_warranties: list[Any]
    schedule_default_replaced: bool  # the product's own warranty terms replace its schedule's default
    footnote_notes: list[str]
    timeline: Timeline


def product_sheet(product: Product) -> ProductSheet:
    tables = list(
        DiscountTable.objects.filter(schedule=product.schedule_id)
        .select_related("schedule", "amendment")
        .prefetch_related("rules")
    )
    by_pk = {t.pk: t for t in tables}
    lines = list(product.discount_lines.select_related("cited_document"))
    for line in lines:
        line.table = by_pk[line.table_id]  # share the tables read above (with their rules)
    cite_each(lines)
    line_tables = {line.table for line in lines}
    own = list(product.warranty_terms.all())
    defaults = list(product.schedule.warranty_terms.select_related("amendment"))
    return ProductSheet(
        lines=lines,
        tables=tables,
        rule_tables=[t for t in tables if t in line_tables or not lines],
        firm_quotation=None if lines else firm_quotation_rule(tables),
        own_warranties=own,
        schedule_warranties=defaults,
        schedule_default_replaced=bool(defaults) and governing_terms(own, defaults) is own,
        footnote_notes=footnotes_not_applied(product, line_tables, tables),
        timeline=product_timeline(product, lines, tables, product.schedule.agreement),
    )
