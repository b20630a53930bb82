"""Which models keep history, and one object's change history with what changed in each version.

The platform names no domain app. An app is *audited* (a domain app) when its models keep history
with django-simple-history's `HistoricalRecords`: that is the rule the domain apps already follow
(STYLE.md rule 7), so it needs no list to keep in step. A new domain app is covered by the roles,
the append-only guards, the history pages and the audit log as soon as its models declare
`history = HistoricalRecords()` (and `INSTALLED_APPS` lists it). A setting naming the apps was the
alternative; it would be a second place to edit and could disagree with the models.

The platform itself audits the accounts: `core.models` registers `auth.User` and `auth.Group` with
their history models in `core`, so they are audited models too (guards, chain, audit log), but
`auth` is not a domain app: the roles grant nothing on it (`audited_app_labels`).
"""

import inspect
from dataclasses import dataclass
from typing import Any

from django.apps import apps as global_apps
from django.db.models import Exists, Index, ManyToManyField, Model, OuterRef
from django.http import Http404
from simple_history.models import HistoricalRecords


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
    # django-simple-history marks the models it tracks; reading `model.history` instead would build a
    # manager class per model per call (milliseconds each, and this is asked on every history write).
    models = [
        model
        for model in global_apps.get_models()
        if getattr(model._meta, "simple_history_manager_attribute", None) == "history"
        and not str(model._meta.model_name).startswith("historical")
    ]
    return sorted(models, key=lambda m: m._meta.label_lower)


def history_model(model: type[Model]) -> type[Model]:
    """The history model of an audited model (read from its descriptor without building a manager)."""
    return inspect.getattr_static(model, "history").model  # type: ignore[no-any-return]


def m2m_history_models(history: type[Model]) -> "list[tuple[ManyToManyField[Any, Any], type[Model]]]":
    """The many-to-many fields a history model records, each with the model of its history rows."""
    fields = getattr(history, "_history_m2m_fields", [])
    return [(field, HistoricalRecords.m2m_models[field]) for field in fields]


def platform_audited_models() -> list[type[Model]]:
    """Audited models whose history the platform keeps for another app (users and groups)."""
    return [m for m in audited_models() if history_model(m)._meta.app_label != m._meta.app_label]


def audited_app_labels() -> list[str]:
    """The domain apps: apps whose own models keep history in the app, in `INSTALLED_APPS` order.

    `auth` is audited by the platform (`platform_audited_models`) and is no domain app: the roles
    derive their permissions from these apps, and nobody but a superuser may grant permissions.
    """
    platform = set(platform_audited_models())
    labels = {model._meta.app_label for model in audited_models() if model not in platform}
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
            changes = field_changes(newer, older)
        entries.append(HistoryEntry(newer, changes))
    return entries


def field_changes(newer: Any, older: Any) -> list[FieldChange]:
    """What changed from history row `older` to `newer`; many-to-many fields by the names of the objects.

    django-simple-history reports a many-to-many change as lists of through-row dicts of ids; an
    auditor wants "groups: Buyers → Buyers, Contract admins".
    """
    m2m = {field.name: field for field, _ in m2m_history_models(type(newer))}
    changes = []
    for change in newer.diff_against(older).changes:
        if change.field in m2m:
            old, new = _m2m_names(older, m2m[change.field]), _m2m_names(newer, m2m[change.field])
            changes.append(FieldChange(change.field, *_describe_sets(old, new)))
        else:
            changes.append(FieldChange(change.field, change.old, change.new))
    return changes


_LISTED = 12  # more related objects than this are summarised as a count and what was added or removed


def _m2m_names(record: Any, field: "ManyToManyField[Any, Any]") -> set[str]:
    from simple_history.utils import get_m2m_reverse_field_name

    other = get_m2m_reverse_field_name(field)
    ids = getattr(record, field.name).values_list(f"{other}_id", flat=True)
    related = field.related_model._base_manager.filter(pk__in=list(ids)).select_related()  # type: ignore[union-attr]
    return {str(obj) for obj in related}


def _describe_sets(old: set[str], new: set[str]) -> tuple[str, str]:
    if len(old) <= _LISTED and len(new) <= _LISTED:
        return ", ".join(sorted(old)) or "none", ", ".join(sorted(new)) or "none"
    added, removed = ", ".join(sorted(new - old)) or "nothing", ", ".join(sorted(old - new)) or "nothing"
    return f"{len(old)} in all", f"{len(new)} in all (added: {added}; removed: {removed})"


class AuditedHistoricalRecords(HistoricalRecords):  # type: ignore[misc]  # django-simple-history ships no types
    """History whose table is also indexed on (user, date): the audit log filtered by one user reads that
    user's newest rows in index order instead of sorting everything they wrote (a million rows)."""

    def get_meta_options(self, model: type[Model]) -> dict[str, Any]:
        meta: dict[str, Any] = super().get_meta_options(model)
        meta["indexes"] = [*meta.get("indexes", ()), Index(fields=["history_user", "history_date"])]
        return meta


_ACCOUNT_RECORDS: dict[type[Model], "AccountHistoricalRecords"] = {}


def record_now(obj: Model, *, created: bool = False) -> None:
    """Write a history row of a user or group as it is now (relations included), without saving it.

    For a save whose history was held back until its groups or permissions were saved too
    (`skip_history_when_saving`), so that one change is one history row.
    """
    _ACCOUNT_RECORDS[type(obj)].create_historical_record(obj, "+" if created else "~")


class AccountHistoricalRecords(AuditedHistoricalRecords):
    """History of users and groups: no row for a save that touched only unrecorded fields (a login's
    `last_login`), and a change made from the other side of a many-to-many relation
    (`group.user_set.add(user)`) recorded on the objects whose field changed (the user), where
    django-simple-history would record the wrong model.
    """

    def finalize(self, sender: type[Model], **kwargs: Any) -> None:
        super().finalize(sender, **kwargs)
        if getattr(sender._meta, "simple_history_manager_attribute", None):
            _ACCOUNT_RECORDS[sender] = self

    def post_save(self, instance: Model, created: bool, using: str | None = None, **kwargs: Any) -> None:
        update_fields = kwargs.get("update_fields")
        if not created and update_fields and set(update_fields) <= set(self.excluded_fields):
            return
        super().post_save(instance, created, using=using, **kwargs)

    def m2m_changed(
        self, instance: Model, action: str, attr: str, pk_set: set[Any] | None, reverse: bool, **kwargs: Any
    ) -> None:
        if not reverse:
            super().m2m_changed(instance, action, attr, pk_set, reverse, **kwargs)
            return
        model = kwargs["model"]  # the side that declares the field (User for `groups`)
        if action == "pre_clear":
            # Django names no objects when a relation is cleared; remember them before they go.
            affected = model._base_manager.filter(**{attr: instance}).values_list("pk", flat=True)
            instance._history_cleared = {attr: list(affected)}  # type: ignore[attr-defined]
            return
        if action == "post_clear":
            pk_set = set(getattr(instance, "_history_cleared", {}).pop(attr, []))
        elif action not in ("post_add", "post_remove"):
            return
        reason = getattr(instance, "_change_reason", None)
        for obj in model._base_manager.filter(pk__in=pk_set or ()):
            obj._change_reason = reason
            self.create_historical_record(obj, "~")


RECORDED_BY_MIGRATE = (
    "Recorded by migrate: it existed without history (made before user and group history began, or outside"
    " the application)"
)
ROLES_SYNCED_BY_MIGRATE = "Role and its permissions derived from the models by migrate (core.roles.sync_roles)"


def record_unrecorded_accounts(using: str) -> int:
    """Give users and groups that have no history (or role groups whose permissions `migrate` just
    set through migration-state models, which write no history) a history row; how many.

    Runs after `migrate`, so that verifying the history finds only changes made behind its back.
    """
    from core.roles import ROLES

    recorded = 0
    for model in platform_audited_models():
        history = history_model(model)
        has_history = history._base_manager.using(using).filter(id=OuterRef("pk"))
        unrecorded = set(model._base_manager.using(using).filter(~Exists(has_history)))
        reasons = dict.fromkeys(unrecorded, RECORDED_BY_MIGRATE)
        if model._meta.label_lower == "auth.group":
            for group in model._base_manager.using(using).filter(name__in=ROLES):
                if group in unrecorded or _m2m_ids_now(group) != _m2m_ids_recorded(group, history, using):
                    reasons[group] = ROLES_SYNCED_BY_MIGRATE
        for obj, reason in reasons.items():
            obj._change_reason = reason  # type: ignore[attr-defined]  # read by django-simple-history
            record_now(obj, created=obj in unrecorded)  # the first row of a record says "created"
            recorded += 1
    return recorded


def _m2m_ids_now(obj: Model) -> dict[str, set[Any]]:
    fields = m2m_history_models(history_model(type(obj)))
    return {field.name: set(getattr(obj, field.name).values_list("pk", flat=True)) for field, _ in fields}


def _m2m_ids_recorded(obj: Model, history: type[Model], using: str) -> dict[str, set[Any]] | None:
    from simple_history.utils import get_m2m_reverse_field_name

    latest = history._base_manager.using(using).filter(id=obj.pk).order_by("-pk").first()
    if latest is None:
        return None
    return {
        field.name: set(getattr(latest, field.name).values_list(f"{get_m2m_reverse_field_name(field)}_id", flat=True))
        for field, _ in m2m_history_models(history)
    }
