"""Deleting says why, on every row it removes; a deleted record can be restored from its history.

A delete in Django may remove more than the record clicked: the rows that depend on it go too
(`on_delete=CASCADE`). Each of them gets a history row, and each history row must carry the reason, so
the reason is set for the whole delete (`deleting_with_reason`) and handed to every instance Django is
about to remove (`pre_delete`). Records that carry commitments or recorded facts are protected from
cascades in their models (`on_delete=PROTECT`): deleting their parent is refused until they are dealt
with one by one.

Restoring re-creates the record with its id and the values it had when deleted, from its last history
row, in one transaction with a reason. A record whose parent was deleted too is restored after its
parent (the error says which).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import pre_delete

from core.editing import clean_reason, set_change_reason

_reason: ContextVar[str | None] = ContextVar("deletion_reason", default=None)


@contextmanager
def deleting_with_reason(reason: str | None) -> Iterator[str]:
    """Every record deleted inside gets `reason` (cleaned: it must say something) on its history row."""
    text = clean_reason(reason)
    token = _reason.set(text)
    try:
        yield text
    finally:
        _reason.reset(token)


def delete_with_reason(instance: Model, reason: str | None) -> None:
    """Delete `instance` and what cascades from it, all or nothing, each history row with `reason`."""
    with transaction.atomic(), deleting_with_reason(reason):
        instance.delete()


def _give_the_reason(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    reason = _reason.get()
    if reason is not None:
        set_change_reason(instance, reason)


# Every model: the cascade reaches models that have no admin or view of their own.
pre_delete.connect(_give_the_reason, dispatch_uid="core.deletion.give_the_reason")


class NotRestorable(Exception):
    """The record cannot be restored; the message says why."""


def deleted_record(model: Any, pk: int) -> Any:
    """The history row written when record `pk` was deleted; NotRestorable if it exists or never did."""
    if model._default_manager.filter(pk=pk).exists():
        raise NotRestorable(f"This {model._meta.verbose_name} exists: there is nothing to restore.")
    last = model.history.filter(id=pk).order_by("-history_id").first()
    if last is None or last.history_type != "-":
        raise NotRestorable(f"No deleted {model._meta.verbose_name} with id {pk} is on record.")
    return last


def restore_deleted(model: Any, pk: int, *, reason: str | None) -> Model:
    """Re-create record `pk` as it was when deleted, with `reason` on its new history row."""
    text = clean_reason(reason)
    record = deleted_record(model, pk)
    instance: Model = record.instance
    with transaction.atomic():
        try:
            instance.full_clean(validate_unique=True)
        except ValidationError as error:
            problems = "; ".join(f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items())
            raise NotRestorable(
                f"This {model._meta.verbose_name} cannot be restored as it was ({problems}). "
                "If a record it belongs to was deleted with it, restore that one first."
            ) from None
        set_change_reason(instance, f"Restored: {text}")
        instance.save(force_insert=True)
    return instance
