"""Which history rows belong to one agreement, or came with one amendment, asked of the history tables alone.

A record belongs to an agreement through its references: a discount line through its amendment, a
remedy through its release, the release's group, product line, Exhibit B schedule and amendment. The
path is derived from the models (the shortest chain of required foreign keys to the target), like
`core.history.audited_models`, so a new audited model is scoped without an entry here.

Each step is read from the referenced model's *history* table, not its live table: a record deleted
since, or moved from one parent to another, keeps its place in the audit log. Every step is a lookup
on a foreign-key column of a history table, which django-simple-history indexes, so the rows of one
agreement are found without reading the other agreements'.

Records that belong to no agreement (entities, which many agreements name; user accounts) have no
path and are left out of an agreement's log: filter by record type to see them.
"""

from functools import cache
from typing import Any

from django.db.models import Model, Q, QuerySet
from django.db.models.fields.related import ForeignKey

from core.history import audited_models, history_model


def _history(model: type[Model]) -> QuerySet[Any]:
    return history_model(model)._default_manager.all()


@cache
def _links(model: type[Model]) -> list[ForeignKey[Any, Any]]:
    """Foreign keys to other audited models, in field order (a self-reference leads nowhere new)."""
    audited_set = set(audited_models())
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, ForeignKey) and field.related_model in audited_set and field.related_model is not model
    ]


@cache
def _distance(model: type[Model], target: type[Model], seen: frozenset[type[Model]] = frozenset()) -> int | None:
    """How many references lead from `model` to `target`: through any direct one, else required ones only."""
    if model is target:
        return 0
    links = _links(model)
    if any(field.related_model is target for field in links):
        return 1
    distances = [
        _distance(field.related_model, target, seen | {model})
        for field in links
        if not field.null and field.related_model not in seen
    ]
    found = [d for d in distances if d is not None]
    return 1 + min(found) if found else None


@cache
def _path_step(model: type[Model], target: type[Model]) -> tuple[list[str], type[Model] | None]:
    """How `model` reaches `target`: the direct references to it, or the one reference to follow."""
    links = _links(model)
    direct = [field.attname for field in links if field.related_model is target]
    if direct:
        return direct, None
    distance = _distance(model, target)
    if distance is None:
        raise ValueError(f"{model._meta.label} belongs to no {target._meta.verbose_name}")
    step = next(field for field in links if not field.null and _distance(field.related_model, target) == distance - 1)
    return [step.attname], step.related_model  # type: ignore[return-value]  # a model class, not "self"


class Scope:
    """The history rows that belong to one target record (an agreement, an amendment), model by model.

    A direct reference is enough, any of them (a Customer membership names the amendment that added
    it or one that shows it). Otherwise the first required reference on a shortest path is followed:
    its ids are those of the referenced history rows that themselves belong to the target. Each
    model's condition is built once per scope (a page asks it of every table, twice).
    """

    def __init__(self, target: type[Model], target_id: int) -> None:
        self.target = target
        self.target_id = target_id
        self._conditions: dict[type[Model], Q] = {}

    def covers(self, model: type[Model]) -> bool:
        """Whether records of `model` can belong to the target at all."""
        return _distance(model, self.target) is not None

    def condition(self, model: type[Model]) -> Q:
        """The condition on `model`'s history rows."""
        if model not in self._conditions:
            self._conditions[model] = self._condition(model)
        return self._conditions[model]

    def _condition(self, model: type[Model]) -> Q:
        if model is self.target:
            return Q(id=self.target_id)
        attnames, parent = _path_step(model, self.target)
        if parent is None:
            condition = Q()
            for attname in attnames:
                condition |= Q(**{attname: self.target_id})
            return condition
        ids = _history(parent).filter(self.condition(parent)).values("id")
        return Q(**{f"{attnames[0]}__in": ids})


def direct_reference(model: type[Model], target: type[Model]) -> str | None:
    """The attribute naming the `target` record a `model` row refers to directly (the first, if several)."""
    if model is target:
        return "id"
    for field in _links(model):
        if field.related_model is target:
            return field.attname
    return None
