"""The audit log: every change to every audited model, newest first, with what changed.

A page is found by position, not by number (keyset pagination): each history table gives at most
one page of its newest rows beyond the position, through its `history_date` index (or the index of
the filter: record id, amendment, agreement); one UNION of those few rows orders them, and the page
is the first of them. Then each kind of record on the page is read with its previous versions in
two queries. A page costs the same at the first change as at the millionth, and with one agreement
as with a thousand: there is no OFFSET to skip and no count of the whole history.

One exception, until the history tables have an index on (history_user, history_date): filtered by
user alone, each table sorts every row that user wrote to find the newest, so the page costs in
proportion to that user's history (a user who wrote most of the history: 2x at 240,000 rows).

The count shown is exact up to `COUNT_LIMIT` and "more than that" beyond it: counting stops after
that many matching rows (an exact count of every history table on every page was what made the log
slow at portfolio scale; an estimate from the tables' statistics would differ between databases and
say nothing about a filter).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import connection
from django.db.models import IntegerField, Model, OuterRef, Q, QuerySet, Subquery, Value
from django.urls import reverse
from django.utils import timezone

from contracts.amending import is_execution
from contracts.models import Agreement, Amendment
from core.counting import Counted
from core.history import FieldChange, audited_models, field_changes, history_model
from ledger.audit_scope import Scope, direct_reference

# A record's own fields that name it, when its `__str__` cannot be had (see `_labels_of`).
_LABEL_FIELDS = ("name", "title", "contract_number", "name_as_written", "product_as_written", "username")
LABEL_LENGTH = 120
_KINDS = {"+": "created", "~": "changed", "-": "deleted"}
COUNT_LIMIT = 1000


@dataclass(frozen=True)
class AuditFilter:
    """`date_from` / `date_to`: a date means the whole day; a datetime the first / last instant included."""

    user_id: int | None = None
    model: str | None = None
    object_id: int | None = None
    date_from: date | datetime | None = None
    date_to: date | datetime | None = None
    amendment_id: int | None = None
    agreement_id: int | None = None


@dataclass(frozen=True)
class Position:
    """Where an entry stands in the log: newest first; at the same instant by record type, then newest row."""

    when: datetime
    model_label: str
    history_id: int

    SEPARATOR = "~"

    @property
    def token(self) -> str:
        """Written in links: `2026-11-26T10:00:00.000001+00:00~pricing.discountline~123`."""
        return self.SEPARATOR.join((self.when.isoformat(), self.model_label, str(self.history_id)))

    @classmethod
    def from_token(cls, token: str) -> "Position":
        """`ValueError` unless `token` is one `token` wrote (an aware time, a record type, an id)."""
        when, label, history_id = token.split(cls.SEPARATOR)
        moment = datetime.fromisoformat(when)
        if timezone.is_naive(moment) or label not in _labels() or not history_id.isascii():
            raise ValueError(token)
        number = int(history_id)
        if not 1 <= number < 2**63:
            raise ValueError(token)
        return cls(moment, label, number)


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
    history_id: int
    changes: list[FieldChange] = field(default_factory=list)

    @property
    def history_url(self) -> str:
        app_label, model_name = self.model_label.split(".")
        return reverse("core:object_history", args=[app_label, model_name, self.object_id])

    @property
    def position(self) -> Position:
        return Position(self.when, self.model_label, self.history_id)


@dataclass(frozen=True)
class AuditPage:
    """Entries newest first; `newer` / `older` are the positions to page from, None at either end."""

    entries: list[AuditEntry]
    newer: Position | None
    older: Position | None


def _labels() -> set[str]:
    return {m._meta.label_lower for m in audited_models()}


def _day_start(day: date) -> datetime:
    # A datetime range, not `history_date__date`: a function of the column cannot use its index.
    return timezone.make_aware(datetime.combine(day, time.min))


def _history_rows(model: type[Model], audit_filter: AuditFilter, scopes: list[Scope]) -> QuerySet[Any]:
    history = history_model(model)._default_manager.order_by()
    if audit_filter.user_id:
        history = history.filter(history_user_id=audit_filter.user_id)
    if audit_filter.object_id:
        history = history.filter(id=audit_filter.object_id)
    start, end = audit_filter.date_from, audit_filter.date_to
    if isinstance(start, datetime):
        history = history.filter(history_date__gte=start)
    elif start:
        history = history.filter(history_date__gte=_day_start(start))
    if isinstance(end, datetime):
        history = history.filter(history_date__lte=end)
    elif end:
        history = history.filter(history_date__lt=_day_start(end + timedelta(days=1)))
    for scope in scopes:
        history = history.filter(scope.condition(model))
    return history


def _scopes(audit_filter: AuditFilter) -> list[Scope]:
    """The records asked about: those of one amendment, of one agreement (or both)."""
    scopes = []
    if audit_filter.amendment_id:
        scopes.append(Scope(Amendment, audit_filter.amendment_id))
    if audit_filter.agreement_id:
        scopes.append(Scope(Agreement, audit_filter.agreement_id))
    return scopes


def _beyond(position: Position, label: str, newer: bool) -> Q:
    """This table's rows after `position` in the log's order (before it, when paging to `newer` entries).

    The order is (time descending, record type, history id descending); the record type is one
    value per table, so it decides between `<` and `<=` on the time, and the history id only
    breaks a tie within the position's own table.
    """
    when, history_id = position.when, position.history_id
    if newer:
        if label == position.model_label:
            return Q(history_date__gte=when) & ~Q(history_date=when, history_id__lte=history_id)
        return Q(history_date__gte=when) if label < position.model_label else Q(history_date__gt=when)
    if label == position.model_label:
        return Q(history_date__lte=when) & ~Q(history_date=when, history_id__gte=history_id)
    return Q(history_date__lte=when) if label > position.model_label else Q(history_date__lt=when)


class AuditLog:
    """The changes matching one filter, read a page at a time from a position."""

    def __init__(self, audit_filter: AuditFilter):
        self.filter = audit_filter
        scopes = _scopes(audit_filter)
        self.models = {
            m._meta.label_lower: m
            for m in audited_models()
            if (not audit_filter.model or m._meta.label_lower == audit_filter.model)
            and all(scope.covers(m) for scope in scopes)
        }
        self._rows = {label: _history_rows(model, audit_filter, scopes) for label, model in self.models.items()}

    def count(self) -> Counted:
        """Exact up to `COUNT_LIMIT`; the count stops reading there."""
        parts = [rows.values("history_id") for rows in self._rows.values()]
        if not parts:
            return Counted(0, exact=True)
        first, *rest = parts
        union = first.union(*rest, all=True) if rest else first
        number = union[: COUNT_LIMIT + 1].count()
        return Counted.up_to(number, COUNT_LIMIT)

    def page(self, *, after: Position | None = None, before: Position | None = None, size: int = 50) -> AuditPage:
        """`size` entries after `after` (older), or the `size` just before `before` (newer); newest first."""
        newer = before is not None
        keys = self._keys(before if newer else after, newer=newer, limit=size + 1)
        more = len(keys) > size
        keys = keys[:size]
        if newer:
            keys.reverse()
        entries = self._entries(keys)
        has_newer, has_older = (more, True) if newer else (after is not None, more)
        return AuditPage(
            entries=entries,
            newer=entries[0].position if entries and has_newer else None,
            older=entries[-1].position if entries and has_older else None,
        )

    def __iter__(self):
        """Every entry, newest first, a page at a time (the CSV export)."""
        position = None
        while True:
            page = self.page(after=position, size=500)
            yield from page.entries
            if page.older is None:
                return
            position = page.older

    def _keys(self, position: Position | None, *, newer: bool, limit: int) -> list[tuple[datetime, str, int]]:
        # The record type is ordered by its place among the labels (a number), not by the text: a
        # database's collation may order "contracts.x" and "contractsx" differently from Python.
        labels = sorted(self.models)
        parts = []
        ordering = ("history_date", "history_id") if newer else ("-history_date", "-history_id")
        for index, label in enumerate(labels):
            rows = self._rows[label]
            if position is not None:
                rows = rows.filter(_beyond(position, label, newer))
            # Each table's first `limit` rows, through its index; only these reach the UNION.
            first = rows.order_by(*ordering).values("history_id")[:limit]
            parts.append(
                history_model(self.models[label])
                ._default_manager.filter(history_id__in=first)
                .annotate(audit_record_type=Value(index, output_field=IntegerField()))
                .values_list("history_date", "audit_record_type", "history_id")
                .order_by()
            )
        if not parts:
            return []
        head, *rest = parts
        union = head.union(*rest, all=True) if rest else head
        # Same timestamp: by record type, then history id, so a page is always the same.
        if newer:
            order = ("history_date", "-audit_record_type", "history_id")
        else:
            order = ("-history_date", "audit_record_type", "-history_id")
        return [(when, labels[index], history_id) for when, index, history_id in union.order_by(*order)[:limit]]

    def _entries(self, keys: list[tuple[datetime, str, int]]) -> list[AuditEntry]:
        wanted: dict[str, list[int]] = {}
        for _when, label, history_id in keys:
            wanted.setdefault(label, []).append(history_id)
        rows = {}
        names: dict[tuple[str, int], str] = {}
        for label, history_ids in wanted.items():
            read = self._rows_with_previous(label, history_ids)
            rows.update({(label, row.history_id): row for row in read})
            names.update(
                {(label, history_id): name for history_id, name in _labels_of(self.models[label], read).items()}
            )
        return [
            self._entry(rows[(label, history_id)], label, names[(label, history_id)])
            for _when, label, history_id in keys
        ]

    def _rows_with_previous(self, label: str, history_ids: list[int]) -> list[Any]:
        history = history_model(self.models[label])
        previous_id = (
            history._default_manager.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id"))
            .order_by("-history_id")
            .values("history_id")[:1]
        )
        rows = list(
            history._default_manager.filter(history_id__in=history_ids)
            # The record's relations come joined, so its name (`_labels_of`) costs no query.
            .select_related("history_user", *_relation_paths(self.models[label]))
            .annotate(previous_history_id=Subquery(previous_id))
        )
        previous = history._default_manager.in_bulk([r.previous_history_id for r in rows if r.previous_history_id])
        for row in rows:
            row.previous_row = previous.get(row.previous_history_id)
        return rows

    def _entry(self, row: Any, label: str, object_label: str) -> AuditEntry:
        model = self.models[label]
        changes = []
        if row.previous_row is not None and row.history_type == "~":
            changes = field_changes(row, row.previous_row)
        amendment = direct_reference(model, Amendment)
        return AuditEntry(
            when=row.history_date,
            user=row.history_user,
            model_label=label,
            model_name=str(model._meta.verbose_name),
            object_id=row.id,
            object_label=object_label,
            kind=_kind(row, amendment),
            reason=row.history_change_reason or "",
            amendment_id=getattr(row, amendment) if amendment else None,
            history_id=row.history_id,
            changes=changes,
        )


def _kind(row: Any, amendment_field: str | None) -> str:
    """Created, changed or deleted; a change to what an amendment said is a *correction*, unless an
    amendment's execution made it (README, "Drafting and executing amendments")."""
    kind = _KINDS[row.history_type]
    if kind != "changed":
        return kind
    if is_execution(row.history_change_reason):
        return "changed by an amendment"
    if amendment_field and getattr(row, amendment_field, None):
        return "correction"
    return kind


class _QueryRefused(Exception):
    pass


def _refuse(*args: Any) -> None:
    raise _QueryRefused


@contextmanager
def _no_queries() -> Iterator[None]:
    with connection.execute_wrapper(_refuse):
        yield


def _labels_of(model: type[Model], rows: list[Any]) -> dict[int, str]:
    """Each history row's record by its human name (`history_id: name`), without a query.

    The name is the record's `__str__`, as everywhere else ("KMC Telecom III, Inc. as Customer", not the
    "1" of its section), built from the history row (the record's own fields as they were then) and the
    related records joined to it when it was read (`_rows_with_previous`). A related record since
    deleted, or a `__str__` reaching further than the joins, leaves the record named from its own
    fields (`_LABEL_FIELDS`), else by its id: the page never queries per row.
    """
    relations: list[Any] = [f for f in model._meta.concrete_fields if f.many_to_one or f.one_to_one]
    labels = {}
    for row in rows:
        # Not `row.instance`: it reads the fields the history leaves out (a user's password) from the
        # live record, a query per row; the name needs none of them.
        record = model(
            **{f.attname: getattr(row, f.attname) for f in model._meta.concrete_fields if hasattr(row, f.attname)}
        )
        complete = True
        for relation in relations:
            related = row._meta.get_field(relation.name).get_cached_value(row, default=None)
            if related is None and getattr(record, relation.attname) is not None:
                complete = False  # deleted since, or not joined
            elif related is not None:
                relation.set_cached_value(record, related)
        name = _str_without_queries(record) if complete else None
        labels[row.history_id] = name or _own_fields_label(row)
    return labels


def _relation_paths(model: type[Model], depth: int = 3) -> list[str]:
    """Every chain of foreign keys from `model`, `depth` long at most (a remedy names its release, which
    names its group, which names its product line)."""
    paths = []
    for relation in model._meta.concrete_fields:
        if relation.many_to_one or relation.one_to_one:
            paths.append(relation.name)
            if depth > 1:
                target = relation.related_model
                paths += [f"{relation.name}__{path}" for path in _relation_paths(target, depth - 1)]  # type: ignore[arg-type]
    return paths


def _str_without_queries(record: Model) -> str | None:
    try:
        with _no_queries():
            name = str(record)
    except (_QueryRefused, ObjectDoesNotExist):
        return None
    return name[:LABEL_LENGTH] if name.strip() else None


def _own_fields_label(row: Any) -> str:
    """A readable name from the row's own fields (no query through relations)."""
    for name in _LABEL_FIELDS:
        value = getattr(row, name, None)
        if value not in (None, ""):
            return f"{value}"[:LABEL_LENGTH]
    return f"#{row.id}"
