"""Section loader for `release_schedule` (Exhibit B): every product line, group and row as written.

Product lines, groups and rows are keyed by their position in the exhibit, not their names: the
exhibit lists FT-2000 OC-48 twice and repeats group names ("Voice") under one heading. A product
line printed without a heading keeps a blank `name_as_written` and the name HEADING_MISSING.
Every date text is checked against the schedule's date forms before anything is written.
"""

from dataclasses import dataclass, field

from releases.datewindows import parse_window
from releases.models import HEADING_MISSING, ProductLine, Release, ReleaseGroup, ReleaseSchedule

EXPECTED_COLUMNS = ["CI OR FSA", "GA"]
_DATE_KEYS = ("ci_fsa_as_written", "ga_as_written", "single_value_as_written")


@dataclass
class SchedulePlan:
    path: str = ""
    amendment: int | None = None
    values: dict = field(default_factory=dict)
    product_lines: list = field(default_factory=list)


def read(root):
    if not root.has("release_schedule"):
        return None
    node = root.child("release_schedule")
    plan = SchedulePlan(path=node.path)
    plan.amendment = node.integer("amendment", required=True, minimum=1)
    schedule_date = _amendment_date(root, plan.amendment)
    if plan.amendment is not None and schedule_date is None:
        node.error(f"no amendment {plan.amendment} with an effective date in this file", "amendment")
    columns = [str(c) for c in node.value.get("columns") or []]
    if columns != EXPECTED_COLUMNS:
        node.error(f"expected the columns {EXPECTED_COLUMNS}, found {columns}", "columns")
    plan.values = {
        "exhibit": node.text("exhibit", required=True, max_length=10),
        "title": node.text("title", required=True, max_length=200),
        "note": node.text("note"),
    }
    for line_node in node.items("product_lines", required=True):
        plan.product_lines.append(_read_product_line(line_node, schedule_date))
    return plan


def _amendment_date(root, number):
    for amendment in root.items("amendments"):
        if isinstance(amendment.value, dict) and amendment.value.get("number") == number:
            return amendment.date("effective_date")
    return None


def _read_product_line(node, schedule_date):
    name_as_written = node.text("name_as_written", max_length=200)
    name = node.text("name", max_length=200)
    note = node.text("note")
    if not name and not note:
        node.error("a product line without a name needs a note saying why", "name")
    groups = []
    for group_node in node.items("groups", required=True):
        releases = [_read_release(r, schedule_date) for r in group_node.items("releases", required=True)]
        groups.append({"path": group_node.path, "name": group_node.text("name", max_length=200), "releases": releases})
    return {
        "path": node.path,
        "values": {"name": name or HEADING_MISSING, "name_as_written": name_as_written, "note": note},
        "groups": groups,
    }


def _read_release(node, schedule_date):
    values = {
        "name_as_written": node.text("name_as_written", required=True, max_length=200),
        "column_ambiguous": node.boolean("column_ambiguous"),
        "note": node.text("note"),
    }
    for key in _DATE_KEYS:
        values[key] = node.text(key, max_length=40)
        try:
            parse_window(values[key], schedule_date=schedule_date)
        except ValueError as exc:
            node.error(str(exc), key)
    if values["column_ambiguous"]:
        if not values["single_value_as_written"]:
            node.error("a row whose column is ambiguous needs its single_value_as_written", "single_value_as_written")
        if values["ci_fsa_as_written"] or values["ga_as_written"]:
            node.error("a row whose column is ambiguous must leave both columns null", "column_ambiguous")
    elif values["single_value_as_written"]:
        node.error("single_value_as_written is only for rows with column_ambiguous: true", "single_value_as_written")
    return {"path": node.path, "values": values}


def load(plan, context):
    if plan is None:
        return
    schedule = context.upsert(
        ReleaseSchedule,
        {"amendment": context.amendments[plan.amendment], "exhibit": plan.values["exhibit"]},
        {"title": plan.values["title"], "note": plan.values["note"]},
        plan.path,
    )
    for line_position, line in enumerate(plan.product_lines, start=1):
        product_line = context.upsert(
            ProductLine, {"schedule": schedule, "position": line_position}, line["values"], line["path"]
        )
        for group_position, group in enumerate(line["groups"], start=1):
            release_group = context.upsert(
                ReleaseGroup,
                {"product_line": product_line, "position": group_position},
                {"name": group["name"]},
                group["path"],
            )
            for position, release in enumerate(group["releases"], start=1):
                context.upsert(
                    Release,
                    {"group": release_group, "position": position},
                    release["values"],
                    release["path"],
                )
