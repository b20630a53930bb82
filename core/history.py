"""Which models keep history, and one object's change history with what changed in each version.

The platform names no domain app. An app is *audited* (a domain app) when its models keep history
with django-simple-history's `HistoricalRecords`: that is the rule the domain apps already follow
(STYLE.md rule 7), so it needs no list to keep in step. A new domain app is covered by the roles,
the append-only guards, the history pages and the audit log as soon as its models declare
`history = HistoricalRecords()` (and `INSTALLED_APPS` lists it). A setting naming the apps was the
alternative; it would be a second place to edit and could disagree with the models.
"""

from dataclasses import dataclass
from typing import Any

from django.apps import apps as global_apps
from django.db.models import Model
from django.http import Http404


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: object
    new: object


@dataclass(frozen=True)
class HistoryEntry:
    record: Any  # a django-simple-history record (its class is made at run time)
    changes: list[FieldChange]

    @property
    def kind(self) -> str:
        return {"+": "created", "~": "changed", "-": "deleted"}[self.record.history_type]


def audited_models() -> list[type[Model]]:
    """Every installed model that keeps history (not the history models themselves), in a stable order.

    Read from the running app registry: migration-state models carry no `history` descriptor, so
    callers holding a historical `apps` match on the app labels or tables derived from these.
    """
    models = [
        model
        for model in global_apps.get_models()
        if hasattr(model, "history") and not str(model._meta.model_name).startswith("historical")
    ]
    return sorted(models, key=lambda m: m._meta.label_lower)


def audited_app_labels() -> list[str]:
    """The apps with at least one audited model: the domain apps, in `INSTALLED_APPS` order."""
    labels = {model._meta.app_label for model in audited_models()}
    return [config.label for config in global_apps.get_app_configs() if config.label in labels]


def audited_model(app_label: str, model_name: str) -> type[Model]:
    """The audited model named in a URL; 404 for any other model."""
    try:
        model = global_apps.get_model(app_label, model_name)
    except LookupError as exc:
        raise Http404("No such audited model.") from exc
    if model not in audited_models():
        raise Http404("This model keeps no history.")
    return model


def object_history(model: Any, pk: int) -> list[HistoryEntry]:
    """Newest first. Ties on the timestamp are broken by the history id, so order is stable."""
    records = list(model.history.filter(id=pk).select_related("history_user").order_by("-history_date", "-history_id"))
    if not records:
        raise Http404("No history for this object.")
    entries = []
    for newer, older in zip(records, records[1:] + [None], strict=True):
        if older is None:
            changes: list[FieldChange] = []
        else:
            delta = newer.diff_against(older)
            changes = [FieldChange(c.field, c.old, c.new) for c in delta.changes]
        entries.append(HistoryEntry(newer, changes))
    return entries
