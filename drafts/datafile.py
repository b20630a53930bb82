"""The `drafts` section of an agreement data file: the agreement's open draft amendments.

Named by `DraftsConfig.data_file_sections`, so `ledger.loading` and `ledger.exporting` (which may
not import this app) read, load and write it after the domain apps' sections, whose records the
drafts refer to. Same protocol as those sections: `read(root)`, `load(plan, context)`,
`owned(agreement)`, and `export(agreement)`.

- Only open drafts (draft or approved) are written; executed ones are the file's amendments.
- A loaded draft is a draft, never executed; its author is the user loading the file (`--user`).
  Approval is not in the file: it is a second contract admin's act. Loading changed content over an
  approved draft withdraws its approval, as editing it on its page does.
- A draft is matched by (agreement, number); its customer changes by entity; its other parts by
  their position within the draft (they have no key of their own).
- Records the parts name are referred to by key: entities by key, provisions by their key,
  discount schedules by section, a discount line by `{table, row, column}`, a release by
  `{amendment, exhibit, product_line, group, key}`.
"""

from dataclasses import dataclass, field
from typing import Any

from contracts.datafile import DataError, DataFileError
from contracts.models import Provision
from drafts.execution import reopen_after_edit
from drafts.models import (
    AmendmentDraft,
    CustomerChange,
    DiscountChange,
    ProvisionChange,
    ReleaseChange,
    SignatureChange,
    WarrantyChange,
)
from pricing.choices import Component, Condition
from pricing.models import DiscountLine, DiscountSchedule
from releases.models import Release

OPEN = (AmendmentDraft.Status.DRAFT, AmendmentDraft.Status.APPROVED)
_PARTS = ("customers", "provisions", "discounts", "warranties", "releases", "signatures")


@dataclass
class DraftPlan:
    path: str
    number: int | None
    values: dict
    parts: dict = field(default_factory=dict)  # part name -> [{"path", "refs", "values"}]


def read(root):
    entities = {e.get("key") for e in root.value.get("entities") or [] if isinstance(e, dict)}
    plans: list[DraftPlan] = []
    numbers: dict[int, str] = {}
    for node in root.items("drafts"):
        plan = _read_draft(node, entities)
        if plan.number in numbers:
            node.error(f"draft amendment {plan.number} appears twice (first at {numbers[plan.number]})", "number")
        if plan.number is not None:
            numbers.setdefault(plan.number, node.path)
        plans.append(plan)
    return plans


def _read_draft(node, entities):
    term = node.child("term")
    plan = DraftPlan(
        path=node.path,
        number=node.integer("number", required=True, minimum=1),
        values={
            "effective_date": node.date("effective_date", required=True),
            "title": node.text("title"),
            "note": node.text("note"),
            "term_expiry_date": term.date("expiry_date", required=True) if node.has("term") else None,
            "term_section": term.text("section", max_length=40),
        },
    )
    readers = {
        "customers": _customer,
        "provisions": _provision,
        "discounts": _discount,
        "warranties": _warranty,
        "releases": _release,
        "signatures": _signature,
    }
    for name in _PARTS:
        parts = []
        for part in node.items(name):
            refs, values = readers[name](part)
            values["amendment_section"] = part.text("amendment_section", max_length=40)
            values["note"] = part.text("note")
            if refs.get("entity") and refs["entity"] not in entities:
                part.error(f"no entity has the key {refs['entity']!r}", "entity")
            parts.append({"path": part.path, "refs": refs, "values": values})
        plan.parts[name] = parts
    return plan


def _customer(node):
    refs = {"entity": node.text("entity", required=True)}
    values = {
        "action": node.choice("action", set(CustomerChange.Action.values), required=True),
        "on": node.date("on"),
        "defined_term": node.text("defined_term", max_length=80),
    }
    return refs, values


def _provision(node):
    refs = {"provision": node.text("provision", max_length=80)}
    values = {
        "action": node.choice("action", set(ProvisionChange.Action.values), required=True),
        "part": node.choice("part", set(Provision.Part.values)) or Provision.Part.GENERAL_AGREEMENT,
        "section": node.text("section", max_length=40),
        "title": node.text("title", max_length=200),
        "text": node.text("text"),
        "valid_from": node.date("valid_from"),
        "cited_place": node.text("cited_place", max_length=100),
    }
    return refs, values


def _discount(node):
    line = node.child("line")
    refs = {
        "schedule": node.text("schedule", max_length=20),
        "line": (line.text("table", required=True), line.text("row", required=True), line.text("column"))
        if node.has("line")
        else None,
    }
    values = {
        "action": node.choice("action", set(DiscountChange.Action.values), required=True),
        "new_schedule_section": node.text("new_schedule_section", max_length=20),
        "new_schedule_title": node.text("new_schedule_title", max_length=200),
        "product_name": node.text("product", max_length=300),
        "component": node.choice("component", set(Component.values)),
        "condition": node.choice("condition", set(Condition.values)),
        "percent": node.decimal("percent", minimum=0, maximum=100),
        "no_number_reason": node.text("no_number_reason", max_length=200),
        "valid_from": node.date("valid_from"),
        "valid_to": node.date("valid_to"),
        "footnotes": node.text("footnotes", max_length=40),
        "cited_place": node.text("cited_place", max_length=100),
    }
    return refs, values


def _warranty(node):
    refs = {"schedule": node.text("schedule", required=True, max_length=20)}
    values = {
        "applies_to_as_written": node.text("applies_to_as_written", max_length=300),
        "component": node.choice("component", set(Component.values)),
        "months": node.integer("months", minimum=0),
        "days": node.integer("days", minimum=0),
        "text": node.text("text"),
    }
    return refs, values


def _release(node):
    target = node.child("release")
    refs = {
        "release": tuple(
            target.integer(k, required=True) if k == "amendment" else target.text(k, required=True)
            for k in ("amendment", "exhibit", "product_line", "group", "key")
        )
        if node.has("release")
        else None
    }
    values = {
        "action": node.choice("action", set(ReleaseChange.Action.values), required=True),
        "product_line_name": node.text("product_line_name", max_length=200),
        "name_as_written": node.text("name_as_written", max_length=200),
        "ci_fsa_as_written": node.text("ci_fsa_as_written", max_length=40),
        "ga_as_written": node.text("ga_as_written", max_length=40),
    }
    return refs, values


def _signature(node):
    refs = {"entity": node.text("entity")}
    values = {
        "signatory": node.text("signatory", max_length=200),
        "title": node.text("title", max_length=200),
        "date": node.date("date"),
    }
    return refs, values


def load(plans, context):
    if not plans:
        return
    if context.user is None:
        message = "a file with drafts is loaded by the user who becomes their author: give --user"
        raise DataFileError(context.source, [DataError("drafts", message)])
    agreement = context.agreement
    for plan in plans:
        before = _writes(context)
        draft = AmendmentDraft.objects.filter(agreement=agreement, number=plan.number, status__in=OPEN).first()
        if draft is None:
            draft = AmendmentDraft(agreement=agreement, number=plan.number, author=context.user)
        draft = context.save_values(draft, plan.values, plan.path)
        for name in _PARTS:
            _load_parts(name, plan.parts[name], draft, context)
        if _writes(context) != before and draft.status == AmendmentDraft.Status.APPROVED:
            reopened = AmendmentDraft.objects.get(pk=draft.pk)
            reopen_after_edit(reopened)
            fields = ("status", "approved_by", "approved_at")
            context.save_values(draft, {name: getattr(reopened, name) for name in fields}, plan.path)


def _writes(context):
    return sum(context.report.created.values()) + sum(context.report.updated.values())


def _load_parts(name, parts, draft, context):
    model, related = _MODELS[name]
    existing = list(getattr(draft, related).order_by("pk"))
    for position, part in enumerate(parts):
        values = {**part["values"], **_resolve(part, draft.agreement, context)}
        if model is CustomerChange:
            context.upsert(model, {"draft": draft, "entity": values.pop("entity")}, values, part["path"])
            continue
        obj = existing[position] if position < len(existing) else model(draft=draft)
        context.save_values(obj, values, part["path"])


_MODELS: dict[str, tuple[type[Any], str]] = {
    "customers": (CustomerChange, "customer_changes"),
    "provisions": (ProvisionChange, "provision_changes"),
    "discounts": (DiscountChange, "discount_changes"),
    "warranties": (WarrantyChange, "warranty_changes"),
    "releases": (ReleaseChange, "release_changes"),
    "signatures": (SignatureChange, "signatures"),
}


def _resolve(part, agreement, context):
    """The records a part names, found by key among what the file (and the database) hold."""
    refs, found = part["refs"], {}
    if "entity" in refs:
        found["entity"] = context.entities.get(refs["entity"]) if refs["entity"] else None
    if "provision" in refs:
        provisions = Provision.objects.filter(agreement=agreement, key=refs["provision"])
        found["provision"] = _one(provisions, refs["provision"], part, context, "provision")
    if "schedule" in refs:
        schedules = DiscountSchedule.objects.filter(agreement=agreement, section=refs["schedule"])
        found["schedule"] = _one(schedules, refs["schedule"], part, context, "schedule")
    if "line" in refs:
        found["line"] = None
        if refs["line"] is not None:
            table, row, column = refs["line"]
            lines = DiscountLine.objects.filter(
                table__schedule__agreement=agreement, table__key=table, key=row, column=column
            )
            found["line"] = _one(lines, f"{table} / {row} / {column}", part, context, "line")
    if "release" in refs:
        found["release"] = None
        if refs["release"] is not None:
            amendment, exhibit, product_line, group, key = refs["release"]
            releases = Release.objects.filter(
                group__product_line__schedule__amendment__agreement=agreement,
                group__product_line__schedule__amendment__number=amendment,
                group__product_line__schedule__exhibit=exhibit,
                group__product_line__key=product_line,
                group__key=group,
                key=key,
            )
            found["release"] = _one(releases, "/".join(str(k) for k in refs["release"]), part, context, "release")
    return found


def _one(queryset, key, part, context, name):
    """The one record a key names; a key that names none stops the load, with its place."""
    if not key:
        return None
    found = queryset.first()
    if found is None:
        problem = DataError(f"{part['path']}.{name}", f"the agreement has no {name} {key!r}")
        raise DataFileError(context.source, [problem])
    return found


def owned(agreement):
    """The agreement's open drafts and their parts (a draft the file no longer lists is reported)."""
    if agreement is None:
        return []
    drafts = AmendmentDraft.objects.filter(agreement=agreement, status__in=OPEN)
    return [drafts, *(model.objects.filter(draft__in=drafts) for model, _ in _MODELS.values())]


def text(value):
    return value if value not in ("", None) else None


def export(agreement):
    """`{"drafts": [...]}` for the agreement's open drafts, or nothing when it has none."""
    drafts = AmendmentDraft.objects.filter(agreement=agreement, status__in=OPEN).order_by("number", "pk")
    written = [_draft(draft) for draft in drafts]
    return {"drafts": written} if written else {}


def _draft(draft):
    data = {
        "number": draft.number,
        "effective_date": draft.effective_date,
        "title": text(draft.title),
        "note": text(draft.note),
        "term": {"expiry_date": draft.term_expiry_date, "section": text(draft.term_section)}
        if draft.term_expiry_date
        else None,
    }
    writers = {
        "customers": _customer_out,
        "provisions": _provision_out,
        "discounts": _discount_out,
        "warranties": _warranty_out,
        "releases": _release_out,
        "signatures": _signature_out,
    }
    for name in _PARTS:
        model, related = _MODELS[name]
        parts = getattr(draft, related).order_by("pk")
        if model is CustomerChange:
            parts = parts.order_by("entity__slug")
        data[name] = [
            {**writers[name](part), "amendment_section": text(part.amendment_section), "note": text(part.note)}
            for part in parts
        ]
    return data


def _customer_out(part):
    return {"action": part.action, "entity": part.entity.slug, "on": part.on, "defined_term": text(part.defined_term)}


def _provision_out(part):
    return {
        "action": part.action,
        "provision": part.provision.key if part.provision else None,
        "part": part.part,
        "section": text(part.section),
        "title": text(part.title),
        "text": text(part.text),
        "valid_from": part.valid_from,
        "cited_place": text(part.cited_place),
    }


def _percent(value):
    return None if value is None else format(value.normalize(), "f")


def _discount_out(part):
    line = part.line
    return {
        "action": part.action,
        "schedule": part.schedule.section if part.schedule else None,
        "new_schedule_section": text(part.new_schedule_section),
        "new_schedule_title": text(part.new_schedule_title),
        "line": {"table": line.table.key, "row": line.key, "column": line.column} if line else None,
        "product": text(part.product_name),
        "component": text(part.component),
        "condition": text(part.condition),
        "percent": _percent(part.percent),
        "no_number_reason": text(part.no_number_reason),
        "valid_from": part.valid_from,
        "valid_to": part.valid_to,
        "footnotes": text(part.footnotes),
        "cited_place": text(part.cited_place),
    }


def _warranty_out(part):
    return {
        "schedule": part.schedule.section,
        "applies_to_as_written": text(part.applies_to_as_written),
        "component": text(part.component),
        "months": part.months,
        "days": part.days,
        "text": text(part.text),
    }


def _release_out(part):
    release = part.release
    target = None
    if release is not None:
        product_line = release.group.product_line
        target = {
            "amendment": product_line.schedule.amendment.number,
            "exhibit": product_line.schedule.exhibit,
            "product_line": product_line.key,
            "group": release.group.key,
            "key": release.key,
        }
    return {
        "action": part.action,
        "release": target,
        "product_line_name": text(part.product_line_name),
        "name_as_written": text(part.name_as_written),
        "ci_fsa_as_written": text(part.ci_fsa_as_written),
        "ga_as_written": text(part.ga_as_written),
    }


def _signature_out(part):
    return {
        "entity": part.entity.slug if part.entity else None,
        "signatory": text(part.signatory),
        "title": text(part.title),
        "date": part.date,
    }
