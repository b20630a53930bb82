"""Section loader for `release_schedule` (Exhibit B, and the schedules later amendments add): every
product line, group and row as written. A schedule is matched by (amendment, exhibit).

Product lines, groups and rows are matched by their stable `key` (unique within the parent), never
by position: inserting a row leaves the actual dates, need-by dates, revisions and remedies recorded
on every other release where they were. A key left out of the file is derived from the row's text
(`contracts.datafile.read_keys`; the exhibit lists FT-2000 OC-48 twice, so the second one is
`ft-2000-oc-48-2`). A product line printed without a heading keeps a blank `name_as_written` and the
name HEADING_MISSING. Every date text is checked against the schedule's date forms before anything
is written.
"""

from dataclasses import dataclass, field

from contracts.datafile import read_keys
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
    """The schedules' plans, in file order: `release_schedule` is one schedule (a mapping, the form
    of files written before agreements had several) or a list of them."""
    if not root.has("release_schedule"):
        return []
    raw = root.value["release_schedule"]
    nodes = root.items("release_schedule") if isinstance(raw, list) else [root.child("release_schedule")]
    plans = [_read_schedule(node, root) for node in nodes]
    first: dict[tuple, str] = {}
    for node, plan in zip(nodes, plans, strict=True):
        identity = (plan.amendment, plan.values["exhibit"])
        if identity in first:
            node.error(f"amendment {plan.amendment} has exhibit {identity[1]!r} twice (first at {first[identity]})")
        first.setdefault(identity, node.path)
    return plans


def _read_schedule(node, root):
    plan = SchedulePlan(path=node.path)
    plan.amendment = node.integer("amendment", required=True, minimum=1)
    schedule_date = _amendment_date(root, plan.amendment)
    if plan.amendment is not None and schedule_date is None:
        node.error(f"no amendment {plan.amendment} with an effective date in this file", "amendment")
    columns = node.strings("columns")
    if columns != EXPECTED_COLUMNS:
        node.error(f"expected the columns {EXPECTED_COLUMNS}, found {columns}", "columns")
    plan.values = {
        "exhibit": node.text("exhibit", required=True, max_length=10),
        "title": node.text("title", required=True, max_length=200),
        "note": node.text("note"),
    }
    line_nodes = node.items("product_lines", required=True)
    plan.product_lines = [_read_product_line(line_node, schedule_date) for line_node in line_nodes]
    keys = read_keys(line_nodes, [line["values"]["name"] for line in plan.product_lines], fallback="product-line")
    for line, key in zip(plan.product_lines, keys, strict=True):
        line["key"] = key
    return plan


def _amendment_date(root, number):
    for amendment in root.items("amendments"):
        if isinstance(amendment.value, dict) and amendment.integer("number") == number:
            return amendment.date("effective_date")
    return None


def _read_product_line(node, schedule_date):
    name_as_written = node.text("name_as_written", max_length=200)
    name = node.text("name", max_length=200)
    note = node.text("note")
    if not name and not note:
        node.error("a product line without a name needs a note saying why", "name")
    groups = []
    group_nodes = node.items("groups", required=True)
    for group_node in group_nodes:
        release_nodes = group_node.items("releases", required=True)
        releases = [_read_release(r, schedule_date) for r in release_nodes]
        keys = read_keys(release_nodes, [r["values"]["name_as_written"] for r in releases], fallback="release")
        for release, key in zip(releases, keys, strict=True):
            release["key"] = key
        groups.append({"path": group_node.path, "name": group_node.text("name", max_length=200), "releases": releases})
    keys = read_keys(group_nodes, [group["name"] for group in groups], fallback="ungrouped")
    for group, key in zip(groups, keys, strict=True):
        group["key"] = key
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


def load(plans, context):
    for plan in plans:
        _load_schedule(plan, context)


def _load_schedule(plan, context):
    schedule = context.upsert(
        ReleaseSchedule,
        {"amendment": context.amendments[plan.amendment], "exhibit": plan.values["exhibit"]},
        {"title": plan.values["title"], "note": plan.values["note"]},
        plan.path,
    )
    for line_position, line in enumerate(plan.product_lines, start=1):
        product_line = context.upsert(
            ProductLine,
            {"schedule": schedule, "key": line["key"]},
            {**line["values"], "position": line_position},
            line["path"],
        )
        for group_position, group in enumerate(line["groups"], start=1):
            release_group = context.upsert(
                ReleaseGroup,
                {"product_line": product_line, "key": group["key"]},
                {"name": group["name"], "position": group_position},
                group["path"],
            )
            for position, release in enumerate(group["releases"], start=1):
                context.upsert(
                    Release,
                    {"group": release_group, "key": release["key"]},
                    {**release["values"], "position": position},
                    release["path"],
                )


def owned(agreement):
    """The agreement's records this section describes, parents first (see `ledger.loading`)."""
    if agreement is None:
        return []
    return [
        ReleaseSchedule.objects.filter(amendment__agreement=agreement),
        ProductLine.objects.filter(schedule__amendment__agreement=agreement),
        ReleaseGroup.objects.filter(product_line__schedule__amendment__agreement=agreement),
        Release.objects.filter(group__product_line__schedule__amendment__agreement=agreement),
    ]
