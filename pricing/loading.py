"""Section loader for the pricing part of an agreement file: `discount_tables`, `warranty_terms` and
`price_comparison` (an exhibit comparing old and new prices, e.g. Amendment 3's Exhibit C).

See `data/README.md` for the format and `ledger/loading.py` for the protocol (`read` is pure and
records every problem; `load` writes through `context.upsert`, so a second run changes nothing).
Tables are matched by their key, rules by (table, key), lines by (table, row key, column): never by
position, so inserting a row leaves every other line the record it was.
"""

from dataclasses import dataclass, field

from contracts.datafile import read_keys
from contracts.loading_sections import cited, read_cites
from pricing.choices import Component, Condition, RuleKind, TableAction
from pricing.models import (
    DiscountLine,
    DiscountRule,
    DiscountSchedule,
    DiscountTable,
    PriceComparison,
    PriceComparisonRow,
    Product,
    ProductName,
    WarrantyTerm,
)

# The column headings of the 5ESS table name the condition each percent needs.
_COLUMN_CONDITIONS = {
    "initial switch": Condition.INITIAL_SWITCH,
    "large growth": Condition.LARGE_GROWTH,
    "peripheral growth": Condition.PERIPHERAL_GROWTH,
}
_RULE_FIELDS = {"key", "kind", "text_ref", "text", "percent", "order_code", "applies_to"}


@dataclass
class PricingPlan:
    tables: list = field(default_factory=list)
    warranties: list = field(default_factory=list)
    comparison: dict | None = None


def read(root):
    plan = PricingPlan()
    amendments = {a.value.get("number") for a in root.items("amendments") if isinstance(a.value, dict)}
    keys = set()
    for node in root.items("discount_tables"):
        table = _read_table(node, amendments)
        if table["key"] in keys:
            node.error(f"duplicate key {table['key']!r}", "key")
        keys.add(table["key"])
        plan.tables.append(table)
    known = _known_targets(plan.tables)
    for node in root.items("warranty_terms"):
        warranty = _read_warranty(node, amendments)
        if not any(entry in known for entry in warranty["applies_to"]):
            node.error("names no schedule section or product of the discount tables", "applies_to")
        plan.warranties.append(warranty)
    if root.has("price_comparison"):
        plan.comparison = _read_comparison(root.child("price_comparison"), amendments)
    return plan


def _known_targets(tables):
    known = set()
    for table in tables:
        known.add(table["schedule"])
        known.update(row["product"] for row in table["rows"])
        for rule in table["rules"]:
            if rule["kind"] == RuleKind.FIRM_QUOTATION:
                definition = rule["parameters"].get("packet_solution_definition") or {}
                known.add(rule["applies_to"])
                known.update(definition.get("required_components", []))
    return known


def _amendment_ref(node, amendments):
    number = node.integer("amendment", required=True, minimum=1)
    if number is not None and number not in amendments:
        node.error(f"no amendment has the number {number}", "amendment")
    return number


def _component(node, key):
    return node.choice(key, set(Component.values))


def _read_table(node, amendments):
    columns = node.strings("columns")
    default_component = _component(node, "default_component")
    rule_nodes = node.items("rules")
    rules = [_read_rule(r) for r in rule_nodes]
    rule_keys = read_keys(rule_nodes, [rule["kind"] for rule in rules], fallback="rule")
    for rule, key in zip(rules, rule_keys, strict=True):
        rule["key"] = key
    full_config_codes = {r["order_code"] for r in rules if r["kind"] == RuleKind.ORDER_CODE_ONLY}
    table = {
        "path": node.path,
        "key": node.text("key", required=True, max_length=80),
        "amendment": _amendment_ref(node, amendments),
        "schedule": node.text("schedule", required=True, max_length=20),
        "schedule_title": node.text("schedule_title", required=True, max_length=200),
        "values": {
            "amendment_section": node.text("amendment_section", max_length=40),
            "action": node.choice("action", set(TableAction.values), required=True),
            "valid_from_note": node.text("valid_from_note"),
            "heading_as_written": node.text("heading_as_written", max_length=200),
            "columns": "\n".join(columns),
            "default_component": default_component,
            "footnotes": "\n".join(
                f"{f.text('mark')} {f.text('text', required=True)}".strip() for f in node.items("footnotes")
            ),
            "note": node.text("note"),
        },
        "valid_from": node.date("valid_from"),
        "rules": rules,
        "rows": [],
    }
    row_nodes = node.items("rows")
    for position, row in enumerate(row_nodes, start=1):
        table["rows"].append(_read_row(row, position, columns, default_component, full_config_codes))
    keys = read_keys(row_nodes, [row["product_as_written"] for row in table["rows"]])
    for row, key in zip(table["rows"], keys, strict=True):
        row["key"] = key
    return table


def _read_rule(node):
    node.accept_whole()  # every key beyond the named fields is a parameter of the rule
    percent = node.decimal("percent", minimum=0, maximum=100)
    parameters = {k: v for k, v in (node.value or {}).items() if k not in _RULE_FIELDS}
    if node.choice("kind", set(RuleKind.values), required=True) == RuleKind.GROWTH_DEFINITION:
        node.integer("large_growth_min_stsx1_cards", required=True, minimum=1)
    return {
        "kind": node.text("kind"),
        "text_ref": node.text("text_ref", max_length=60),
        "text": node.text("text", required=True),
        "percent": percent,
        "order_code": node.text("order_code", max_length=60),
        "applies_to": node.text("applies_to", max_length=200),
        "parameters": _plain(parameters),
    }


def _plain(value):
    """YAML dates and numbers as JSON-safe values (the JSON field stores them as written)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, (str, int, bool)) or value is None:
        return value
    return str(value)


def _read_row(node, position, columns, default_component, full_config_codes):
    component = _component(node, "component") or default_component
    order_code = node.text("order_code", max_length=60)
    cells = []
    for cell in node.items("cells", required=True):
        column = cell.text("column", required=True, max_length=100)
        if columns and column not in columns:
            cell.error(f"{column!r} is not one of the table's columns", "column")
        percent = cell.decimal("percent", minimum=0, maximum=100)
        reason = cell.text("no_number_reason", max_length=200)
        if percent is None and not reason:
            cell.error("a cell without a percent needs its no_number_reason", "no_number_reason")
        if percent is not None and reason:
            cell.error("a cell with a percent must not have a no_number_reason", "no_number_reason")
        # The column heading or the order-code rule says the condition; a cell may say it itself.
        condition = cell.choice("condition", set(Condition.values)) or column_condition(
            column, order_code, full_config_codes
        )
        cells.append(
            {
                "path": cell.path,
                "column": column,
                "condition": condition,
                "valid_from": cell.date("valid_from"),
                "valid_to": cell.date("valid_to"),
                "percent": percent,
                "as_written": cell.text("as_written", required=True, max_length=100),
                "no_number_reason": reason,
                "cites": read_cites(cell),
            }
        )
    return {
        "path": node.path,
        "position": position,
        "product": node.text("product", required=True, max_length=200),
        "product_as_written": node.text("product_as_written", required=True, max_length=300),
        "component": component,
        "row_component": _component(node, "component"),
        "order_code": order_code,
        "configuration": "\n".join(node.strings("configuration")),
        "footnotes": " ".join(node.strings("footnotes")),
        "former_names": node.strings("former_names"),
        "abbreviation": node.text("abbreviation", max_length=60),
        "note": node.text("note"),
        "cells": cells,
    }


def column_condition(column, order_code, full_config_codes):
    """The condition a cell's column (or its row's order code) implies; the exporter asks it too."""
    condition = next((c for label, c in _COLUMN_CONDITIONS.items() if label in column.lower()), "")
    if not condition and order_code and order_code in full_config_codes:
        condition = Condition.FULL_CONFIGURATION
    return condition


def _read_warranty(node, amendments):
    months = node.integer("months", minimum=0)
    days = node.integer("days", minimum=0)
    if months is None and days is None:
        node.error("give months or days", "months")
    condition = node.text("condition")
    return {
        "path": node.path,
        "key": node.text("key", required=True, max_length=80),
        "amendment": _amendment_ref(node, amendments),
        "applies_to": node.strings("applies_to"),
        "values": {
            "amendment_section": node.text("amendment_section", max_length=40),
            "component": _component(node, "component"),
            "months": months,
            "days": days,
            "condition": condition,
            "condition_kind": _condition_kind(condition),
            "text": node.text("text", required=True),
            "note": node.text("note"),
        },
    }


def _read_comparison(node, amendments):
    columns = node.strings("columns")
    row_nodes = node.items("rows")
    rows = [_read_comparison_row(row, position) for position, row in enumerate(row_nodes, start=1)]
    for row, key in zip(rows, read_keys(row_nodes, [row["values"]["item"] for row in rows]), strict=True):
        row["key"] = key
    return {
        "path": node.path,
        "amendment": _amendment_ref(node, amendments),
        "exhibit": node.text("exhibit", required=True, max_length=20),
        "values": {
            "title": node.text("title", required=True, max_length=200),
            "title_lines_as_written": "\n".join(node.strings("title_lines_as_written")),
            "columns": "\n".join(columns),
            "footnotes": "\n".join(
                f"{f.text('mark')} {f.text('text', required=True)}".strip() for f in node.items("footnotes")
            ),
            "note": node.text("note"),
        },
        "rows": rows,
    }


def _read_comparison_row(node, position):
    item = node.text("item", required=True, max_length=200)
    return {
        "path": node.path,
        "values": {
            "position": position,
            "kind": comparison_row_kind(item),
            "item": item,
            "old_as_written": node.text("old_as_written", max_length=40),
            "new_as_written": node.text("new_as_written", max_length=40),
            "reduction_as_written": node.text("reduction_as_written", max_length=40),
            # Null when the file leaves a figure out: unknown, never zero.
            "old": node.decimal("old", minimum=0),
            "new": node.decimal("new", minimum=0),
            "reduction_percent": node.decimal("reduction_percent", minimum=-100, maximum=100),
            "footnotes": "\n".join(node.strings("footnotes")),
        },
    }


def comparison_row_kind(item):
    """The exhibit names its sums in the item column ("Subtotal", "Grand Total"); the file does not repeat it."""
    words = item.lower()
    if words.startswith("subtotal") or words.startswith("sub-total"):
        return PriceComparisonRow.Kind.SUBTOTAL
    if words.endswith("total"):
        return PriceComparisonRow.Kind.TOTAL
    return PriceComparisonRow.Kind.LINE


def _condition_kind(condition):
    """The data file states the 7R/E software conditions in words only; recognise the two of A-1.26."""
    words = condition.lower()
    if "installed at the same time" in words:
        return WarrantyTerm.ConditionKind.NEW_PACKET_SOLUTION
    if words.startswith("any other"):
        return WarrantyTerm.ConditionKind.OTHER_SOFTWARE
    return ""


def load(plan, context):
    schedules: dict[str, DiscountSchedule] = {}
    products: dict[tuple[int, str], Product] = {}  # by (schedule pk, name)
    for table in plan.tables:
        amendment = context.amendments[table["amendment"]]
        section = table["schedule"]
        if section not in schedules:
            # The first table of a section names it; later ones only add tables (as provisions do).
            schedules[section] = context.upsert(
                DiscountSchedule,
                {"agreement": context.agreement, "section": section},
                {"title": table["schedule_title"]},
                table["path"],
            )
        schedule = schedules[section]
        saved = context.upsert(
            DiscountTable,
            {"key": table["key"]},
            {
                **table["values"],
                "schedule": schedule,
                "amendment": amendment,
                "valid_from": table["valid_from"] or amendment.effective_date,
                "schedule_title_as_written": (
                    table["schedule_title"] if table["schedule_title"] != schedule.title else ""
                ),
            },
            table["path"],
        )
        for position, rule in enumerate(table["rules"], start=1):
            values = {name: value for name, value in rule.items() if name != "key"}
            context.upsert(
                DiscountRule,
                {"table": saved, "key": rule["key"]},
                {**values, "position": position},
                f"{table['path']}.rules[{position - 1}]",
            )
        _load_firm_quotation_products(table, schedule, products, context)
        for row in table["rows"]:
            _load_row(row, saved, schedule, table, products, context)
    _load_warranties(plan.warranties, schedules, products, context)
    if plan.comparison is not None:
        _load_comparison(plan.comparison, context)


def _load_comparison(spec, context):
    comparison = context.upsert(
        PriceComparison,
        {"amendment": context.amendments[spec["amendment"]], "exhibit": spec["exhibit"]},
        spec["values"],
        spec["path"],
    )
    for row in spec["rows"]:
        context.upsert(PriceComparisonRow, {"comparison": comparison, "key": row["key"]}, row["values"], row["path"])


def _product(name, schedule, family, products, context, path):
    key = (schedule.pk, name)
    if key not in products:
        products[key] = context.upsert(Product, {"schedule": schedule, "name": name}, {"family": family}, path)
    return products[key]


def _family(table):
    heading = table["values"]["heading_as_written"].replace("*", "").strip()
    return heading if heading.upper().endswith("PRODUCTS") else table["schedule_title"]


def _load_row(row, table, schedule, spec, products, context):
    product = _product(row["product"], schedule, _family(spec), products, context, row["path"])
    aliases = [(row["product_as_written"], ProductName.Kind.AS_WRITTEN, row["row_component"])]
    aliases += [(name, ProductName.Kind.FORMER, "") for name in row["former_names"]]
    if row["abbreviation"]:
        aliases.append((row["abbreviation"], ProductName.Kind.ABBREVIATION, ""))
    if row["order_code"]:
        aliases.append((row["order_code"], ProductName.Kind.ORDER_CODE, ""))
    for name, kind, component in aliases:
        if name != product.name:
            context.upsert(
                ProductName,
                {"product": product, "name": name},
                {"kind": kind, "component": component},
                row["path"],
            )
    for cell in row["cells"]:
        context.upsert(
            DiscountLine,
            {"table": table, "key": row["key"], "column": cell["column"]},
            {
                "position": row["position"],
                "amendment": table.amendment,
                "product": product,
                "product_as_written": row["product_as_written"],
                "component": row["component"],
                "condition": cell["condition"],
                "percent": cell["percent"],
                "percent_as_written": cell["as_written"],
                "no_number_reason": cell["no_number_reason"],
                "valid_from": cell["valid_from"] or table.valid_from,
                "valid_to": cell["valid_to"],
                "footnotes": row["footnotes"],
                "order_code": row["order_code"],
                "configuration": row["configuration"],
                "note": row["note"],
                **cited(cell["cites"], context),
            },
            cell["path"],
        )


def _load_firm_quotation_products(spec, schedule, products, context):
    """A-1.26 prints no rows: its products are the solution and the components its rule names."""
    for rule in spec["rules"]:
        if rule["kind"] != RuleKind.FIRM_QUOTATION:
            continue
        definition = rule["parameters"].get("packet_solution_definition") or {}
        names = [rule["applies_to"], *definition.get("required_components", [])]
        for name in filter(None, names):
            _product(name, schedule, spec["schedule_title"], products, context, spec["path"])


def _load_warranties(warranties, schedules, products, context):
    by_name = {name: product for (_, name), product in products.items()}
    for spec in warranties:
        targets = []
        for entry in spec["applies_to"]:
            if entry in schedules:
                targets.append(("schedule", schedules[entry]))
            elif entry in by_name:
                targets.append(("product", by_name[entry]))
        # Other entries describe a schedule named next to them ("Data Networking Products").
        described = ", ".join(spec["applies_to"])
        for kind, target in targets:
            context.upsert(
                WarrantyTerm,
                {"key": spec["key"], kind: target},
                {
                    **spec["values"],
                    "amendment": context.amendments[spec["amendment"]],
                    "applies_to_as_written": described[:300],
                    "schedule": target if kind == "schedule" else None,
                    "product": target if kind == "product" else None,
                },
                spec["path"],
            )


def owned(agreement):
    """The agreement's records this section describes, parents first (see `ledger.loading`)."""
    if agreement is None:
        return []
    return [
        DiscountSchedule.objects.filter(agreement=agreement),
        DiscountTable.objects.filter(schedule__agreement=agreement),
        Product.objects.filter(schedule__agreement=agreement),
        ProductName.objects.filter(product__schedule__agreement=agreement),
        DiscountRule.objects.filter(table__schedule__agreement=agreement),
        DiscountLine.objects.filter(table__schedule__agreement=agreement),
        WarrantyTerm.objects.filter(amendment__agreement=agreement),
        PriceComparison.objects.filter(amendment__agreement=agreement),
        PriceComparisonRow.objects.filter(comparison__amendment__agreement=agreement),
    ]
