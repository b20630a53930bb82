"""No lost updates: an edit based on a stale version of a record is refused.

Every save of an audited record writes a history row, so the id of an object's latest history
row is its version: a form or API client reads it with the record and sends it back. Saving
locks the row, re-reads the latest history id and refuses the save if someone else saved since,
naming who and when. The first change is kept.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction


@dataclass(frozen=True)
class LatestChange:
    version: int | None
    user: str
    when: datetime | None


class StaleEditError(Exception):
    """The record changed after the editor loaded it."""

    def __init__(self, obj, latest: LatestChange):
        self.obj = obj
        self.latest = latest
        when = f"{latest.when:%Y-%m-%d %H:%M:%S} UTC" if latest.when else "meanwhile"
        super().__init__(
            f"{obj._meta.verbose_name.capitalize()} “{obj}” was changed by {latest.user} at {when} "
            "after you opened it. Your changes were not saved; reload to see theirs and edit again."
        )


def latest_change(obj) -> LatestChange:
    if obj.pk is None:
        return LatestChange(None, "", None)
    record = (
        obj.history.model.objects.filter(id=obj.pk)
        .select_related("history_user")
        # History ids only grow; timestamps come from each server's clock and may disagree.
        .order_by("-history_id")
        .only("history_id", "history_date", "history_user__username")
        .first()
    )
    if record is None:
        return LatestChange(None, "", None)
    user = record.history_user.get_username() if record.history_user else "the system"
    return LatestChange(record.history_id, user, record.history_date)


def version_of(obj) -> int | None:
    return latest_change(obj).version


def check_version(obj, expected_version):
    """Raise StaleEditError if `obj` changed since `expected_version` (no lock)."""
    latest = latest_change(obj)
    if obj.pk is not None and latest.version != expected_version:
        raise StaleEditError(obj, latest)


def save_if_current(obj, expected_version, save=None):
    """Lock the row, check the version, save. Must not be called for a new object."""
    model = type(obj)
    with transaction.atomic():
        model._default_manager.select_for_update().filter(pk=obj.pk).exists()
        check_version(obj, expected_version)
        (save or obj.save)()
