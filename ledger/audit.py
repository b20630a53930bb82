"""The audit log: every change to every audited model, newest first, with what changed.

One UNION over all history tables orders and pages the entries, then each model on the page is
read with its previous versions in two queries: the cost of a page depends on how many kinds of
record it shows, not on how many rows or how long the history is.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import FieldDoesNotExist
from django.db.models import CharField, OuterRef, Q, Subquery, Value
from django.urls import reverse

from core.history import FieldChange, audited_models

_LABEL_FIELDS = ("name", "title", "contract_number", "section", "name_as_written", "label", "number")
_KINDS = {"+": "created", "~": "changed", "-": "deleted"}


def _amendment_field(model):
    """The field tying a record to the amendment it came from (or, for original Customers, shows it)."""
    if model._meta.label_lower == "contracts.amendment":
        return "id"
    if model._meta.label_lower == "contracts.customermembership":
        return None  # two fields (added_by, evidenced_by): see _amendment_filter
    for name in ("amendment", "added_by"):
        try:
            related = model._meta.get_field(name).related_model
        except FieldDoesNotExist:
            continue
        if related is not None and related._meta.label_lower == "contracts.amendment":
            return f"{name}_id"
    return None


@dataclass(frozen=True)
class AuditFilter:
    user_id: int | None = None
    model: str | None = None
    object_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    amendment_id: int | None = None


@dataclass(frozen=True)
class AuditEntry:
    when: datetime
    user: object
    model_label: str
    model_name: str
    object_id: int
    object_label: str
    kind: str
    reason: str
    amendment_id: int | None
    changes: list[FieldChange] = field(default_factory=list)

    @property
    def history_url(self) -> str:
        app_label, model_name = self.model_label.split(".")
        return reverse("core:object_history", args=[app_label, model_name, self.object_id])


def _history_rows(model, audit_filter):
    history = model.history.model.objects.all()
    if audit_filter.user_id:
        history = history.filter(history_user_id=audit_filter.user_id)
    if audit_filter.object_id:
        history = history.filter(id=audit_filter.object_id)
    if audit_filter.date_from:
        history = history.filter(history_date__date__gte=audit_filter.date_from)
    if audit_filter.date_to:
        history = history.filter(history_date__date__lte=audit_filter.date_to)
    if audit_filter.amendment_id:
        history = history.filter(_amendment_filter(model, audit_filter.amendment_id))
    return history


def _amendment_filter(model, amendment_id):
    if model._meta.label_lower == "contracts.customermembership":
        return Q(added_by_id=amendment_id) | Q(evidenced_by_id=amendment_id)
    return Q(**{_amendment_field(model): amendment_id})


def _selected_models(audit_filter):
    models = audited_models()
    if audit_filter.model:
        models = [m for m in models if m._meta.label_lower == audit_filter.model]
    if audit_filter.amendment_id:
        models = [m for m in models if _amendment_field(m) or m._meta.label_lower == "contracts.customermembership"]
    return models


class AuditLog:
    """A lazy, sliceable sequence of `AuditEntry` for one filter (Django's Paginator accepts it)."""

    def __init__(self, audit_filter: AuditFilter):
        self.filter = audit_filter
        self.models = {m._meta.label_lower: m for m in _selected_models(audit_filter)}
        self._count: int | None = None

    def _union(self):
        parts = [
            _history_rows(model, self.filter)
            .annotate(model_label=Value(label, output_field=CharField()))
            .values("history_id", "history_date", "model_label")
            .order_by()
            for label, model in self.models.items()
        ]
        if not parts:
            return None
        first, *rest = parts
        return first.union(*rest, all=True) if rest else first

    def count(self) -> int:
        if self._count is None:
            union = self._union()
            self._count = union.count() if union is not None else 0
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, page: slice) -> list[AuditEntry]:
        if not isinstance(page, slice):
            raise TypeError("AuditLog supports slices only")
        union = self._union()
        if union is None:
            return []
        # Same timestamp: order by model, then history id, so a page is always the same.
        keys = list(union.order_by("-history_date", "model_label", "-history_id")[page])
        return self._entries(keys)

    def _entries(self, keys):
        wanted: dict[str, list[int]] = {}
        for key in keys:
            wanted.setdefault(key["model_label"], []).append(key["history_id"])
        rows = {}
        for label, history_ids in wanted.items():
            rows.update({(label, row.history_id): row for row in self._rows_with_previous(label, history_ids)})
        return [self._entry(rows[(key["model_label"], key["history_id"])], key["model_label"]) for key in keys]

    def _rows_with_previous(self, label, history_ids):
        history = self.models[label].history.model
        previous_id = (
            history.objects.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id"))
            .order_by("-history_id")
            .values("history_id")[:1]
        )
        rows = list(
            history.objects.filter(history_id__in=history_ids)
            .select_related("history_user")
            .annotate(previous_history_id=Subquery(previous_id))
        )
        previous = history.objects.in_bulk([r.previous_history_id for r in rows if r.previous_history_id])
        for row in rows:
            row.previous_row = previous.get(row.previous_history_id)
        return rows

    def _entry(self, row, label):
        model = self.models[label]
        changes = []
        if row.previous_row is not None and row.history_type == "~":
            delta = row.diff_against(row.previous_row)
            changes = [FieldChange(c.field, c.old, c.new) for c in delta.changes]
        amendment_field = _amendment_field(model) or ("added_by_id" if hasattr(row, "added_by_id") else None)
        return AuditEntry(
            when=row.history_date,
            user=row.history_user,
            model_label=label,
            model_name=str(model._meta.verbose_name),
            object_id=row.id,
            object_label=_object_label(row),
            kind=_KINDS[row.history_type],
            reason=row.history_change_reason or "",
            amendment_id=getattr(row, amendment_field) if amendment_field else None,
            changes=changes,
        )


def _object_label(row):
    """A readable name from the row's own fields (no query through relations)."""
    for name in _LABEL_FIELDS:
        value = getattr(row, name, None)
        if value not in (None, ""):
            return f"{value}"[:120]
    return f"#{row.id}"
