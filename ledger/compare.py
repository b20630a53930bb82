"""What differs for one agreement between two points in time, across every app's records.

`contracts.compare` diffs the agreement's own sections; pricing and releases each compute their
rows (`pricing.compare`, `releases.compare`). This module only puts the parts side by side.
"""

from dataclasses import dataclass, field, fields

from contracts.compare import SnapshotDiff, compare_snapshots
from contracts.models import Agreement
from contracts.recorded import recorded_records
from contracts.snapshot import AgreementSnapshot, agreement_snapshot
from core.diff import Change
from pricing.compare import discount_changes_between, discount_changes_since
from releases.compare import schedule_changes_between, schedule_changes_since


@dataclass(frozen=True)
class AgreementDiff(SnapshotDiff):
    """A `SnapshotDiff` plus the discount lines and release rows that differ."""

    discounts: list[Change] = field(default_factory=list)
    releases: list[Change] = field(default_factory=list)

    @property
    def is_empty(self):
        return super().is_empty and not (self.discounts or self.releases)


def _with_parts(diff: SnapshotDiff, **parts) -> AgreementDiff:
    return AgreementDiff(**{f.name: getattr(diff, f.name) for f in fields(diff)}, **parts)


def changes_between(agreement: Agreement, left: AgreementSnapshot, right: AgreementSnapshot) -> AgreementDiff:
    """Contract time: the agreement as it stood at `left` versus at `right` (each on / as agreed)."""
    return _with_parts(
        compare_snapshots(left, right),
        discounts=discount_changes_between(agreement, left.as_of, right.as_of),
        releases=schedule_changes_between(agreement, left.as_of, right.as_of),
    )


@dataclass(frozen=True)
class Recorded:
    """The agreement as recorded at a moment (`then`, None if it did not exist yet) and now."""

    now: AgreementSnapshot
    then: AgreementSnapshot | None
    diff: AgreementDiff | None


def recorded_then_and_now(agreement: Agreement, at, *, on, as_agreed) -> Recorded:
    """System time: what the database held at `at` versus what it holds now, for one on / as-agreed pair."""
    now = agreement_snapshot(agreement, on=on, as_agreed=as_agreed)
    records = recorded_records(agreement.pk, at)
    if records is None:
        return Recorded(now=now, then=None, diff=None)
    then = agreement_snapshot(records.agreement, on=on, as_agreed=as_agreed, records=records)
    diff = _with_parts(
        compare_snapshots(then, now),
        discounts=discount_changes_since(agreement, at),
        releases=schedule_changes_since(agreement, at),
    )
    return Recorded(now=now, then=then, diff=diff)
