"""The `obligations` section of an agreement data file: the training incentive's rule and the commitments.

Named by `ObligationsConfig.data_file_sections`, so `ledger.loading` and `ledger.exporting` (which may
not import this app) read, load and write it after the domain apps' sections, whose records (the
amendments, the provisions) it refers to. Same protocol: `read(root)`, `load(plan, context)`,
`owned(agreement)`, `export(agreement)`.

```yaml
obligations:
  training_incentives:
  - key: a1-24
    amendment: 2                 # the amendment that states it, by number
    amendment_section: "6.3"
    section: A-1.24
    provision: am2-s6-3-a1-24    # the provision's key: its text is the rule
    threshold: "1250000"         # dollars per block (a quoted decimal)
    seats_per_threshold: 2
    use_within_months: 12
    course: ...
    groups:
    - {key: a, clause: A-1.24(a), products: [PathStar(TM) Access Server]}
  commitments:
  - key: am2-exclusive-procurement
    kind: exclusive_procurement  # obligations.models.Commitment.Kind
    obligor: customer            # customer | seller | both
    obligor_entities: [kmc-telecom-iii]
    title: ...
    amendment: 2
    amendment_section: "3"
    provision: am2-s3-purchase-commitment
    summary: ...
    tier_iii_cities: 27
    tier_iv_cities: 100
    amount: null
    percent: null
    date: null
    note: null
```
Rows are matched by `key` within the agreement; seat uses are recorded in the app, never in the file.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from contracts.datafile import DataError, DataFileError
from contracts.models import ProvisionVersion
from obligations.models import Commitment, Party, TrainingIncentive, TrainingProductGroup

SECTION = "obligations"


@dataclass
class Plan:
    incentives: list[dict[str, Any]] = field(default_factory=list)
    commitments: list[dict[str, Any]] = field(default_factory=list)


def read(root):
    plan = Plan()
    if not root.has(SECTION):
        return plan
    node = root.child(SECTION)
    entities = {e.get("key") for e in root.value.get("entities") or [] if isinstance(e, dict)}
    plan.incentives = [_incentive(item) for item in node.items("training_incentives")]
    plan.commitments = [_commitment(item, entities) for item in node.items("commitments")]
    for name, rows in (("training_incentives", plan.incentives), ("commitments", plan.commitments)):
        seen: dict[str, str] = {}
        for row in rows:
            if row["key"] in seen:
                row["node"].error(f"key {row['key']!r} appears twice in {name} (first at {seen[row['key']]})", "key")
            seen.setdefault(row["key"], row["path"])
    return plan


def _refs(node):
    return {
        "amendment": node.integer("amendment", required=True, minimum=1),
        "provision": node.text("provision", max_length=80),
    }


def _incentive(node):
    groups = []
    for position, item in enumerate(node.items("groups", required=True)):
        products = item.strings("products")
        if not products:
            item.error("names no product", "products")
        groups.append(
            {
                "path": item.path,
                "key": item.text("key", required=True, max_length=80),
                "values": {"position": position, "clause": item.text("clause", required=True, max_length=40)},
                "products": products,
            }
        )
    return {
        "node": node,
        "path": node.path,
        "key": node.text("key", required=True, max_length=80),
        "refs": _refs(node),
        "values": {
            "amendment_section": node.text("amendment_section", max_length=40),
            "section": node.text("section", required=True, max_length=40),
            "threshold": node.decimal("threshold", required=True, minimum=Decimal("0.01")),
            "seats_per_threshold": node.integer("seats_per_threshold", required=True, minimum=1),
            "use_within_months": node.integer("use_within_months", required=True, minimum=1),
            "course": node.text("course", max_length=200),
            "note": node.text("note"),
        },
        "groups": groups,
    }


def _commitment(node, entities):
    obligors = node.strings("obligor_entities")
    for name in obligors:
        if name not in entities:
            node.error(f"no entity has the key {name!r}", "obligor_entities")
    return {
        "node": node,
        "path": node.path,
        "key": node.text("key", required=True, max_length=80),
        "refs": _refs(node),
        "values": {
            "kind": node.choice("kind", set(Commitment.Kind.values), required=True),
            "obligor": node.choice("obligor", set(Party.values), required=True),
            "obligor_entities": obligors,
            "title": node.text("title", required=True, max_length=200),
            "amendment_section": node.text("amendment_section", max_length=40),
            "summary": node.text("summary", required=True),
            "tier_iii_cities": node.integer("tier_iii_cities", minimum=0),
            "tier_iv_cities": node.integer("tier_iv_cities", minimum=0),
            "amount": node.decimal("amount", minimum=Decimal(0)),
            "percent": node.decimal("percent", minimum=Decimal(0), maximum=Decimal(100)),
            "due_date": node.date("date"),
            "note": node.text("note"),
        },
    }


def _resolve(row, context, agreement):
    refs = row["refs"]
    amendment = (
        context.amendments.get(refs["amendment"]) or agreement.amendments.filter(number=refs["amendment"]).first()
    )
    if amendment is None:
        problem = DataError(f"{row['path']}.amendment", f"the agreement has no amendment {refs['amendment']}")
        raise DataFileError(context.source, [problem])
    clause = None
    if refs["provision"]:
        # A provision entry's `key` in the file names what one amendment gave (a `ProvisionVersion`).
        clause = ProvisionVersion.objects.filter(amendment=amendment, key=refs["provision"]).first()
        if clause is None:
            message = f"{amendment} gives no provision entry {refs['provision']!r}"
            raise DataFileError(context.source, [DataError(f"{row['path']}.provision", message)])
    return {"amendment": amendment, "clause": clause}


def load(plan, context):
    agreement = context.agreement
    if agreement is None:
        return
    for position, row in enumerate(plan.commitments):
        values = {**row["values"], **_resolve(row, context, agreement), "position": position}
        context.upsert(Commitment, {"agreement": agreement, "key": row["key"]}, values, row["path"])
    for row in plan.incentives:
        values = {**row["values"], **_resolve(row, context, agreement)}
        incentive = context.upsert(TrainingIncentive, {"agreement": agreement, "key": row["key"]}, values, row["path"])
        for group in row["groups"]:
            group_values = {**group["values"], "products": "\n".join(group["products"])}
            context.upsert(
                TrainingProductGroup, {"incentive": incentive, "key": group["key"]}, group_values, group["path"]
            )


def owned(agreement):
    if agreement is None:
        return []
    incentives = TrainingIncentive.objects.filter(agreement=agreement)
    return [
        Commitment.objects.filter(agreement=agreement),
        incentives,
        TrainingProductGroup.objects.filter(incentive__in=incentives),
    ]


def _text(value):
    return value if value not in ("", None) else None


def _decimal(value):
    return None if value is None else format(value.normalize(), "f")


def export(agreement):
    """`{"obligations": {...}}`, or nothing when the agreement has neither incentives nor commitments."""
    incentives = [
        _incentive_out(incentive)
        for incentive in TrainingIncentive.objects.filter(agreement=agreement)
        .select_related("amendment", "clause")
        .prefetch_related("groups")
        .order_by("key")
    ]
    commitments = [
        _commitment_out(commitment)
        for commitment in Commitment.objects.filter(agreement=agreement).select_related("amendment", "clause")
    ]
    if not incentives and not commitments:
        return {}
    return {SECTION: {"training_incentives": incentives, "commitments": commitments}}


def _incentive_out(incentive):
    return {
        "key": incentive.key,
        "amendment": incentive.amendment.number,
        "amendment_section": _text(incentive.amendment_section),
        "section": incentive.section,
        "provision": incentive.clause.key if incentive.clause else None,
        "threshold": _decimal(incentive.threshold),
        "seats_per_threshold": incentive.seats_per_threshold,
        "use_within_months": incentive.use_within_months,
        "course": _text(incentive.course),
        "groups": [
            {"key": group.key, "clause": group.clause, "products": group.product_list}
            for group in incentive.groups.all()
        ],
        "note": _text(incentive.note),
    }


def _commitment_out(commitment):
    return {
        "key": commitment.key,
        "kind": commitment.kind,
        "obligor": commitment.obligor,
        "obligor_entities": list(commitment.obligor_entities),
        "title": commitment.title,
        "amendment": commitment.amendment.number,
        "amendment_section": _text(commitment.amendment_section),
        "provision": commitment.clause.key if commitment.clause else None,
        "summary": commitment.summary,
        "tier_iii_cities": commitment.tier_iii_cities,
        "tier_iv_cities": commitment.tier_iv_cities,
        "amount": _decimal(commitment.amount),
        "percent": _decimal(commitment.percent),
        "date": commitment.due_date,
        "note": _text(commitment.note),
    }
