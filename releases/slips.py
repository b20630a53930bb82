"""Slip flags: how a release milestone stands against Exhibit B on an "as of" date.

Pure functions over values; nothing here is stored, so a flag can never go stale. Only what was
known on the as-of date counts: forecasts recorded by then, actual dates on or before it, remedies
agreed by then. The same rules are also written as query expressions (`flag_conditions`, at the end),
so that the board can filter, count and sort by flag in the database.

Rules (the committed deadline is the last day of the window the exhibit writes, see `datewindows`):
- delivered on time / delivered late: the actual date is on or before / after the deadline. "Now" in
  the exhibit is the Seller's statement that the release was available on the schedule's date: it
  counts as delivered on that date unless an admin records another actual date;
- slipped: not delivered, and the latest forecast (its window's last day) is after the deadline;
- overdue: not delivered, and the as-of date is after the deadline;
- on track: committed, not delivered, neither slipped nor overdue;
- no commitment: the exhibit says "Under Review", leaves the cell blank, or prints one date whose
  column cannot be told (then also "column ambiguous"). We do not guess the column: the single date
  could be CI/FSA, in which case the GA commitment is unknown. Both readings are shown on the release
  page; the flags treat the commitment as unknown.
- impacts deployment (GA only, since deployment waits for general availability): the release was not
  delivered by the Customer's need-by date and the actual date, the latest forecast or the as-of
  date is after it. The committed date alone never raises it: a need-by date earlier than the
  promise is the Customer's plan, not a slip. While it impacts deployment and no remedy has been
  agreed, a remedy is required (Amendment 3, Section 5).
- days of slip: from the deadline to the actual date, or if not delivered to the later of the latest
  forecast and the as-of date (it is at least that late); 0 when not late; None without a deadline.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import Enum
from typing import Any

from django.db.models import Case, DateField, DurationField, F, Q, Value, When
from django.db.models.functions import Greatest

from releases.datewindows import DateWindow, Precision


class Flag(Enum):
    ON_TIME = "delivered on time"
    LATE = "delivered late"
    SLIPPED = "slipped"
    OVERDUE = "overdue"
    ON_TRACK = "on track"
    NO_COMMITMENT = "no commitment"
    COLUMN_AMBIGUOUS = "column ambiguous"
    IMPACTS_DEPLOYMENT = "impacts deployment"
    REMEDY_REQUIRED = "remedy required"
    REMEDY_RECORDED = "remedy recorded"

    @property
    def css(self) -> str:
        return "flag-" + self.value.replace(" ", "-")


FLAG_ORDER = list(Flag)


@dataclass(frozen=True)
class Forecast:
    """One forecast revision as a value: when it became known and what it says."""

    recorded_on: date
    window: DateWindow


@dataclass(frozen=True)
class MilestoneFacts:
    """Everything known about one milestone of one release, whenever it became known."""

    committed: DateWindow | None
    column_ambiguous: bool = False
    forecasts: tuple[Forecast, ...] = ()
    actual: date | None = None
    need_by: date | None = None
    remedies_agreed_on: tuple[date, ...] = ()


@dataclass(frozen=True)
class MilestoneStatus:
    as_of: date
    flags: tuple[Flag, ...]
    deadline: date | None
    latest_forecast: Forecast | None
    actual: date | None
    expected: date | None
    days_of_slip: int | None
    revision_count: int
    reasons: tuple[str, ...] = field(default=())

    @property
    def forecast_date(self) -> date | None:
        return self.latest_forecast.window.end if self.latest_forecast else None

    def has(self, flag: Flag) -> bool:
        return flag in self.flags


def assess(facts: MilestoneFacts, *, as_of: date) -> MilestoneStatus:
    """The flags of one milestone on `as_of`, with the dates and reasons behind them."""
    known = sorted((f for f in facts.forecasts if f.recorded_on <= as_of), key=lambda f: f.recorded_on)
    latest = known[-1] if known else None
    forecast = latest.window.end if latest else None
    committed = None if facts.column_ambiguous else facts.committed
    deadline = committed.end if committed else None
    flags, reasons = set(), []
    delivered = facts.actual
    if delivered is None and committed and committed.precision is Precision.NOW:
        delivered = deadline
        reasons.append(f"Exhibit B says it is available now: delivered on {deadline:%Y-%m-%d}.")
    actual = delivered if delivered and delivered <= as_of else None

    if facts.column_ambiguous:
        flags |= {Flag.COLUMN_AMBIGUOUS, Flag.NO_COMMITMENT}
        reasons.append("The exhibit prints one date without showing whether it is CI/FSA or GA.")
    elif committed is None or deadline is None:
        flags.add(Flag.NO_COMMITMENT)
        reasons.append("The exhibit gives no date (Under Review or blank).")
    else:
        reasons.append(f"Committed by {deadline:%Y-%m-%d} (the end of {committed.as_written}).")
        if actual:
            flags.add(Flag.ON_TIME if actual <= deadline else Flag.LATE)
        else:
            if latest and forecast and forecast > deadline:
                flags.add(Flag.SLIPPED)
                reasons.append(f"Latest forecast {latest.window.as_written} ends after the deadline.")
            if as_of > deadline:
                flags.add(Flag.OVERDUE)
            if not flags:
                flags.add(Flag.ON_TRACK)

    expected = _expected(actual, forecast or deadline, as_of)
    days = max(0, (expected - deadline).days) if deadline and expected else None

    if _impacts_deployment(facts.need_by, actual, forecast, as_of):
        flags.add(Flag.IMPACTS_DEPLOYMENT)
        reasons.append(f"Not available by the need-by date {facts.need_by:%Y-%m-%d}.")
    if any(agreed <= as_of for agreed in facts.remedies_agreed_on):
        flags.add(Flag.REMEDY_RECORDED)
    elif Flag.IMPACTS_DEPLOYMENT in flags:
        flags.add(Flag.REMEDY_REQUIRED)

    return MilestoneStatus(
        as_of=as_of,
        flags=tuple(f for f in FLAG_ORDER if f in flags),
        deadline=deadline,
        latest_forecast=latest,
        actual=actual,
        expected=expected,
        days_of_slip=days,
        revision_count=len(known),
        reasons=tuple(reasons),
    )


def _expected(actual, planned, as_of):
    """The actual date, else the planned one, but never earlier than a date already passed."""
    if actual:
        return actual
    if planned is None:
        return None
    return max(planned, as_of)


def _impacts_deployment(need_by, actual, forecast, as_of):
    if need_by is None:
        return False
    if actual:
        return actual > need_by
    return (forecast is not None and forecast > need_by) or as_of > need_by


# The same rules as query expressions, so that the board filters, counts and sorts by flag in the
# database. They restate `assess` over aliases that `ReleaseQuerySet.with_flags` provides for one
# milestone on the as-of date (the facts, as in `MilestoneFacts`):
#   slip_committed_end    last day of the committed window; null when the exhibit promises none
#   slip_committed_now    the exhibit says "Now" (slip_committed_end is then the schedule's date)
#   slip_ambiguous        the row's column is ambiguous
#   slip_actual_recorded  the actual date an admin recorded, if any
#   slip_forecast         last day of the latest forecast known on the as-of date; null when none
#   slip_need_by          the Customer's need-by date (GA only)
#   slip_remedy_agreed    a remedy agreed by the as-of date (GA only)
# tests/releases/test_flag_expressions.py checks on generated facts that both say the same.


def slip_aliases(*, as_of: date) -> dict[str, Any]:
    """`slip_deadline`, `slip_actual`, `slip_expected` and `slip_delay` (days of slip, as a duration),
    in the order they refer to each other. Each is written over the facts directly where it can be, so
    that the SQL stays small (an alias is copied wherever it is used)."""
    day: DateField = DateField()
    # committed = None if the column is ambiguous; deadline = committed.end
    deadline = Case(When(slip_ambiguous=False, then=F("slip_committed_end")), output_field=day)
    # delivered = the actual date, or the deadline when the exhibit says "Now"; actual = delivered if
    # it is known on the as-of date
    actual = Case(
        When(
            slip_actual_recorded__isnull=False,
            then=Case(When(slip_actual_recorded__lte=as_of, then=F("slip_actual_recorded")), output_field=day),
        ),
        When(slip_committed_now=True, slip_deadline__lte=as_of, then=F("slip_deadline")),
        output_field=day,
    )
    # `_expected(actual, forecast or deadline, as_of)`
    expected = Case(
        When(slip_actual__isnull=False, then=F("slip_actual")),
        When(slip_forecast__isnull=False, then=Greatest(F("slip_forecast"), Value(as_of), output_field=day)),
        When(slip_deadline__isnull=False, then=Greatest(F("slip_deadline"), Value(as_of), output_field=day)),
        output_field=day,
    )
    # days of slip = max(0, expected - deadline) when there is a deadline (expected then always is)
    delay = Case(
        When(
            slip_deadline__isnull=False,
            then=Greatest(F("slip_expected") - F("slip_deadline"), Value(timedelta(0)), output_field=DurationField()),
        ),
        output_field=DurationField(),
    )
    return {"slip_deadline": deadline, "slip_actual": actual, "slip_expected": expected, "slip_delay": delay}


def flag_conditions(*, as_of: date) -> dict[Flag, Q]:
    """For each flag, the condition over the facts and `slip_aliases` under which a row carries it."""
    committed = Q(slip_deadline__isnull=False)
    undelivered = Q(slip_actual__isnull=True)
    # `_impacts_deployment`
    impacts = Q(slip_need_by__isnull=False) & (
        Q(slip_actual__gt=F("slip_need_by"))
        | (undelivered & (Q(slip_forecast__gt=F("slip_need_by")) | Q(slip_need_by__lt=as_of)))
    )
    return {
        Flag.ON_TIME: committed & Q(slip_actual__lte=F("slip_deadline")),
        Flag.LATE: committed & Q(slip_actual__gt=F("slip_deadline")),
        Flag.SLIPPED: committed & undelivered & Q(slip_forecast__gt=F("slip_deadline")),
        Flag.OVERDUE: committed & undelivered & Q(slip_deadline__lt=as_of),
        # neither slipped nor overdue
        Flag.ON_TRACK: committed
        & undelivered
        & (Q(slip_forecast__isnull=True) | Q(slip_forecast__lte=F("slip_deadline")))
        & Q(slip_deadline__gte=as_of),
        Flag.NO_COMMITMENT: Q(slip_deadline__isnull=True),  # an ambiguous row has no deadline either
        Flag.COLUMN_AMBIGUOUS: Q(slip_ambiguous=True),
        Flag.IMPACTS_DEPLOYMENT: impacts,
        Flag.REMEDY_RECORDED: Q(slip_remedy_agreed=True),
        Flag.REMEDY_REQUIRED: impacts & Q(slip_remedy_agreed=False),
    }
