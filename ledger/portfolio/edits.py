"""Changes made to generated records after they were created, each with a reason, as admins make them.

Every edit keeps the record valid (the same rules `clean()` and the constraints hold): actual dates
stay in the past and in order, a corrected percent stays a percent, a remedy is provided before it is
changed out. The plan applies the edits to its instances at once (they are written in their final
state) and remembers each one's before and after, from which the writer builds the history rows.
"""

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Model

from ledger.portfolio.plan import RECORDED_UNTIL, Edit, Plan, PlanBuilder

Change = tuple[dict[str, Any], str] | None


def _note(obj: Model, b: PlanBuilder, text: str, reason: str) -> Change:
    old = getattr(obj, "note", "")
    return {"note": f"{old} {text}".strip()}, reason


def _entity(obj, b) -> Change:
    address = f"{b.rng.randint(100, 9999)} Commerce Drive, Suite {b.rng.randint(1, 9)}00"
    return {"address": address}, "New address for notices, from the Customer's letter."


def _entity_name(obj, b) -> Change:
    return {"source": f"{obj.source} (confirmed in a later amendment)".strip()}, "Source of the name confirmed."


def _agreement(obj, b) -> Change:
    return {"seller_address": f"{b.rng.randint(100, 999)} Mountain Avenue, Murray Hill, New Jersey 07974"}, (
        "Seller's notice of a new address for notices."
    )


def _signature(obj, b) -> Change:
    day = obj.amendment.effective_date - timedelta(days=b.rng.randint(0, 20))
    return {"date": day, "date_as_written": f"{day:%B} {day.day}, {day.year}"}, "Date from the executed counterpart."


def _membership(obj, b) -> Change:
    if obj.valid_from and obj.valid_to is None and b.chance(0.25):
        until = obj.valid_from + timedelta(days=b.rng.randint(400, 1500))
        return {"valid_to": until, "note": "Removed as Customer: the entity was sold."}, (
            "Customer removed on notice of the sale of the entity."
        )
    return {
        "defined_term": obj.defined_term or obj.entity.name.split(",")[0]
    }, "Defined term as printed in the preamble."


def _term(obj, b) -> Change:
    return {"section": f"{obj.section}(a)"}, "Section reference as printed in the signed copy."


def _provision(obj, b) -> Change:
    return {"title": obj.title.upper() if obj.title != obj.title.upper() else obj.title.title()}, (
        "Heading as printed in the signed copy."
    )


def _line(obj, b) -> Change:
    if obj.percent is not None and 1 < obj.percent < 95:
        percent = (obj.percent + b.rng.choice([-1, 1])).quantize(Decimal("0.01"))
        return {"percent": percent, "percent_as_written": f"{int(percent)}%"}, (
            "Corrected to the percent printed in the signed table."
        )
    return _note(obj, b, "Checked against the signed table.", "Cell checked against the signed table.")


def _release(obj, b) -> Change:
    if obj.need_by_date is None:
        day = obj.group.product_line.schedule.amendment.effective_date + timedelta(days=b.rng.randint(60, 700))
        return {"need_by_date": day}, "Need-by date from the Customer's deployment schedule."
    if obj.ga_actual_date is None:
        day = obj.need_by_date + timedelta(days=b.rng.randint(-120, 200))
        changes: dict[str, Any] = {"ga_actual_date": day}
        if b.chance(0.5):
            changes["ci_fsa_actual_date"] = day - timedelta(days=b.rng.randint(20, 90))
        return changes, f"Seller's general availability notice of {day:%B %d, %Y}."
    return _note(obj, b, "Deployment confirmed by the Customer.", "Deployment confirmed.")


def _revision(obj, b) -> Change:
    return {"reason": f"{obj.reason} Confirmed by letter."}, "Seller's confirming letter recorded."


def _remedy(obj, b) -> Change:
    if obj.substitute_provided_on is None:
        day = obj.agreed_on + timedelta(days=b.rng.randint(10, 60))
        return {"substitute_provided_on": day}, "Substitute in service."
    if obj.changed_out_on is None:
        day = obj.substitute_provided_on + timedelta(days=b.rng.randint(30, 200))
        return {"changed_out_on": day}, "Changed out to the required Product."
    return _note(obj, b, "Closed.", "Remedy closed.")


def _noted(text: str, reason: str) -> Callable[[Model, PlanBuilder], Change]:
    return lambda obj, b: _note(obj, b, text, reason)


def _retitled(obj, b) -> Change:
    return {"title": f"{obj.title} (as amended)"}, "Title as the amendments print it."


EDITORS: dict[str, Callable[[Any, PlanBuilder], Change]] = {
    "entity_parents": _entity,
    "entities": _entity,
    "entity_names": _entity_name,
    "agreements": _agreement,
    "amendments": _noted("Signed copy on file.", "Signed copy received."),
    "signatures": _signature,
    "memberships": _membership,
    "term_versions": _term,
    "provisions": _provision,
    "provision_versions": _noted("Text checked against the signed copy.", "Text checked."),
    "schedules": _retitled,
    "products": _noted("Also ordered under its catalogue name.", "Catalogue name noted."),
    "tables": _noted("Heading checked against the signed copy.", "Table checked."),
    "rules": lambda obj, b: ({"text": f"{obj.text} (footnote as printed)"}, "Footnote text as printed."),
    "lines": _line,
    "warranties": _noted("Confirmed by the Seller.", "Warranty confirmed."),
    "release_schedules": _noted("Received with the signed amendment.", "Exhibit received."),
    "product_lines": _noted("Heading checked.", "Heading checked against the exhibit."),
    "releases": _release,
    "revisions": _revision,
    "remedies": _remedy,
}


def plan_edits(b: PlanBuilder, plan: Plan, per_record: float) -> None:
    """About `per_record` edits per record, each at least a day after the one before, applied in place."""
    whole, fraction = int(per_record), per_record - int(per_record)
    for step, objs in plan.rows.items():
        editor = EDITORS.get(step)
        if editor is None:
            continue
        for obj in objs:
            count = whole + (b.rng.random() < fraction)
            when = obj._history_date  # type: ignore[attr-defined]
            for _ in range(count):
                change = editor(obj, b)
                if change is None:
                    break
                after, reason = change
                before = {name: getattr(obj, name) for name in after}
                for name, value in after.items():
                    setattr(obj, name, value)
                step_after = timedelta(days=b.rng.randint(1, 200), seconds=b.rng.randint(0, 86_399))
                when = min(when + step_after, max(when, RECORDED_UNTIL) + timedelta(seconds=1))
                plan.edits.append(Edit(obj, before, after, reason, when))
