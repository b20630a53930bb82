"""One object's change history, each version with what changed since the one before."""

from dataclasses import dataclass

from django.apps import apps
from django.http import Http404

from core.roles import DOMAIN_APPS


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: object
    new: object


@dataclass(frozen=True)
class HistoryEntry:
    record: object
    changes: list[FieldChange]

    @property
    def kind(self):
        return {"+": "created", "~": "changed", "-": "deleted"}[self.record.history_type]


def audited_model(app_label, model_name):
    """The domain model named in a URL, if it keeps history; 404 otherwise."""
    if app_label not in DOMAIN_APPS:
        raise Http404("No such audited model.")
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError as exc:
        raise Http404("No such audited model.") from exc
    if not hasattr(model, "history"):
        raise Http404("This model keeps no history.")
    return model


def object_history(model, pk) -> list[HistoryEntry]:
    """Newest first. Ties on the timestamp are broken by the history id, so order is stable."""
    records = list(model.history.filter(id=pk).select_related("history_user").order_by("-history_date", "-history_id"))
    if not records:
        raise Http404("No history for this object.")
    entries = []
    for newer, older in zip(records, records[1:] + [None], strict=True):
        if older is None:
            changes = []
        else:
            delta = newer.diff_against(older)
            changes = [FieldChange(c.field, c.old, c.new) for c in delta.changes]
        entries.append(HistoryEntry(newer, changes))
    return entries
