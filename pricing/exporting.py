"""The pricing part of an agreement data file, written from the database (the inverse of
`pricing.loading`): `discount_tables` with their rules and rows, and `warranty_terms`.

Tables come in the order they were recorded (the loader writes them in file order, and the first
table naming a product gives its family); rows in their printed order, one row per key with one
cell per column. `price_comparison` (one exhibit per agreement file) with its rows in printed order.
What the reader derives is left for it to derive again: a cell's condition and
validity are written only where they differ from what the column and the table imply.
"""

from collections import defaultdict
from decimal import Decimal

from contracts.exporting import with_cites
from pricing.choices import RuleKind
from pricing.loading import column_condition
from pricing.models import DiscountLine, DiscountTable, PriceComparison, ProductName, WarrantyTerm


def text(value):
    return value if value not in ("", None) else None


def percent(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def export(agreement):
    tables = DiscountTable.objects.filter(schedule__agreement=agreement).select_related("schedule", "amendment")
    names = _product_names(agreement)
    placed: set[int] = set()  # products whose other names a row already carries
    data = {
        "discount_tables": [_table(table, names, placed) for table in tables.order_by("pk")],
        "warranty_terms": _warranties(agreement),
    }
    comparison = (
        PriceComparison.objects.filter(amendment__agreement=agreement)
        .select_related("amendment")
        .order_by("pk")
        .first()
    )
    if comparison is not None:
        data["price_comparison"] = _comparison(comparison)
    return data


def money(value: Decimal | None) -> str | None:
    """Whole amounts without decimals (as the exhibits print them), cents kept when there are any."""
    if value is None:
        return None
    return format(value.quantize(Decimal(1)) if value == value.to_integral_value() else value, "f")


def _comparison(comparison):
    return {
        "exhibit": comparison.exhibit,
        "amendment": comparison.amendment.number,
        "title": comparison.title,
        "title_lines_as_written": comparison.title_line_list,
        "columns": comparison.column_list,
        "rows": [
            {
                "key": row.key,
                "item": row.item,
                "old_as_written": text(row.old_as_written),
                "new_as_written": text(row.new_as_written),
                "reduction_as_written": text(row.reduction_as_written),
                "old": money(row.old),
                "new": money(row.new),
                # Two places, as the exhibit prints percentages ("0.00").
                "reduction_percent": None if row.reduction_percent is None else format(row.reduction_percent, "f"),
                "footnotes": row.footnote_marks,
            }
            for row in comparison.rows.order_by("position", "key")
        ],
        "footnotes": [_footnote(line) for line in comparison.footnotes.split("\n") if line],
        "note": text(comparison.note),
    }


def _product_names(agreement):
    names = defaultdict(list)
    for name in ProductName.objects.filter(product__schedule__agreement=agreement).order_by("kind", "name"):
        names[name.product_id].append(name)
    return names


def _table(table, names, placed):
    rules = list(table.rules.order_by("position", "key"))
    full_config_codes = {r.order_code for r in rules if r.kind == RuleKind.ORDER_CODE_ONLY}
    return {
        "key": table.key,
        "amendment": table.amendment.number,
        "amendment_section": text(table.amendment_section),
        "schedule": table.schedule.section,
        "schedule_title": table.schedule_title_as_written or table.schedule.title,
        "action": table.action,
        "valid_from": table.valid_from if table.valid_from != table.amendment.effective_date else None,
        "valid_from_note": text(table.valid_from_note),
        "heading_as_written": text(table.heading_as_written),
        "columns": [c for c in table.columns.split("\n") if c],
        "default_component": text(table.default_component),
        "footnotes": [_footnote(line) for line in table.footnotes.split("\n") if line],
        "note": text(table.note),
        "rules": [_rule(rule) for rule in rules],
        "rows": _rows(table, names, placed, full_config_codes),
    }


def _footnote(line):
    # Stored as "mark text"; a mark is the leading token with no letter or digit ("*", "**").
    mark, _, rest = line.partition(" ")
    if rest and not any(c.isalnum() for c in mark):
        return {"mark": mark, "text": rest}
    return {"mark": None, "text": line}


def _rule(rule):
    fields = {
        "key": rule.key,
        "kind": rule.kind,
        "text_ref": text(rule.text_ref),
        "text": rule.text,
        "percent": percent(rule.percent),
        "order_code": text(rule.order_code),
        "applies_to": text(rule.applies_to),
    }
    return {**fields, **{k: v for k, v in rule.parameters.items() if k not in fields}}


def _rows(table, names, placed, full_config_codes):
    rows: dict[str, list[DiscountLine]] = {}
    for line in table.lines.select_related("product").order_by("position", "key", "column"):
        rows.setdefault(line.key, []).append(line)
    return [_row(key, cells, table, names, placed, full_config_codes) for key, cells in rows.items()]


def _row(key, cells, table, names, placed, full_config_codes):
    first = cells[0]
    product = first.product
    own = names.get(product.pk, [])
    as_written = next(
        (n for n in own if n.kind == ProductName.Kind.AS_WRITTEN and n.name == first.product_as_written), None
    )
    default = table.default_component
    if as_written is not None and (as_written.component or default) == first.component:
        component = as_written.component
    else:
        component = first.component if first.component != default else ""
    # A product's former names and abbreviation are the product's, not a row's: the first row carries them.
    carries = product.pk not in placed
    placed.add(product.pk)
    former = [n.name for n in own if n.kind == ProductName.Kind.FORMER] if carries else []
    abbreviation = next((n.name for n in own if n.kind == ProductName.Kind.ABBREVIATION), None) if carries else None
    return {
        "key": key,
        "product_as_written": first.product_as_written,
        "product": product.name,
        "component": text(component),
        "cells": [_cell(line, table, full_config_codes) for line in cells],
        "footnotes": first.footnotes.split(),
        "order_code": text(first.order_code),
        "configuration": [c for c in first.configuration.split("\n") if c],
        "former_names": former,
        "abbreviation": abbreviation,
        "note": text(first.note),
    }


def _cell(line, table, full_config_codes):
    cell = {
        "column": line.column,
        "as_written": line.percent_as_written,
        "percent": percent(line.percent),
        "no_number_reason": text(line.no_number_reason),
    }
    if line.condition != column_condition(line.column, line.order_code, full_config_codes):
        cell["condition"] = line.condition
    if line.valid_from != table.valid_from:
        cell["valid_from"] = line.valid_from
    if line.valid_to is not None:
        cell["valid_to"] = line.valid_to
    return with_cites(cell, line, table.amendment.agreement)


def _warranties(agreement):
    terms: dict[str, list[WarrantyTerm]] = {}
    queryset = WarrantyTerm.objects.filter(amendment__agreement=agreement)
    queryset = queryset.select_related("amendment", "schedule", "product")
    for term in queryset.order_by("pk"):
        terms.setdefault(term.key, []).append(term)
    result = []
    for key, rows in terms.items():
        term = rows[0]
        applies_to = [entry for entry in term.applies_to_as_written.split(", ") if entry]
        for row in rows:
            target = row.schedule.section if row.schedule is not None else row.product.name if row.product else ""
            if target not in applies_to:
                applies_to.append(target)
        result.append(
            {
                "key": key,
                "amendment": term.amendment.number,
                "amendment_section": text(term.amendment_section),
                "applies_to": applies_to,
                "component": text(term.component),
                "months": term.months,
                "days": term.days,
                "condition": text(term.condition),
                "text": term.text,
                "note": text(term.note),
            }
        )
    return result
