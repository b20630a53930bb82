"""Each slip flag around its boundaries: the day before, at and after the deadline or need-by date."""

from datetime import date, timedelta

import pytest

from releases.datewindows import parse_window
from releases.slips import Flag, Forecast, MilestoneFacts, assess

NOW = date(1999, 11, 15)
DEADLINE = date(2000, 3, 31)  # "3/00"
DAY = timedelta(days=1)


def window(text):
    return parse_window(text, schedule_date=NOW)


def facts(committed="3/00", **kwargs):
    return MilestoneFacts(committed=window(committed), **kwargs)


def forecast(text, recorded_on=date(2000, 1, 10)):
    return Forecast(recorded_on, window(text))


@pytest.mark.parametrize(
    ("as_of", "flags", "days"),
    [
        (DEADLINE - DAY, (Flag.ON_TRACK,), 0),
        (DEADLINE, (Flag.ON_TRACK,), 0),
        (DEADLINE + DAY, (Flag.OVERDUE,), 1),
        (DEADLINE + 10 * DAY, (Flag.OVERDUE,), 10),
    ],
)
def test_overdue_only_after_the_last_day_of_the_window(as_of, flags, days):
    status = assess(facts(), as_of=as_of)
    assert status.flags == flags
    assert status.deadline == DEADLINE
    assert status.days_of_slip == days


@pytest.mark.parametrize(
    ("actual", "flag", "days"),
    [
        (DEADLINE - DAY, Flag.ON_TIME, 0),
        (DEADLINE, Flag.ON_TIME, 0),
        (DEADLINE + DAY, Flag.LATE, 1),
        (DEADLINE + 30 * DAY, Flag.LATE, 30),
    ],
)
def test_delivered_on_time_or_late(actual, flag, days):
    status = assess(facts(actual=actual), as_of=date(2000, 12, 31))
    assert status.flags == (flag,)
    assert status.actual == actual
    assert status.days_of_slip == days


def test_an_actual_date_after_the_as_of_date_is_not_known_yet():
    status = assess(facts(actual=DEADLINE - DAY), as_of=DEADLINE - 2 * DAY)
    assert status.actual is None
    assert status.flags == (Flag.ON_TRACK,)


@pytest.mark.parametrize(
    ("forecast_text", "slipped", "days"),
    [
        ("3/30/00", False, 0),
        ("3/31/00", False, 0),
        ("1Q00", False, 0),  # same last day as "3/00"
        ("4/1/00", True, 1),
        ("4/00", True, 30),
        ("2Q00", True, 91),
    ],
)
def test_slipped_when_the_latest_forecast_ends_after_the_deadline(forecast_text, slipped, days):
    status = assess(facts(forecasts=(forecast(forecast_text),)), as_of=date(2000, 2, 1))
    assert status.has(Flag.SLIPPED) is slipped
    assert status.has(Flag.ON_TRACK) is not slipped
    assert status.days_of_slip == days
    assert status.revision_count == 1


def test_only_forecasts_known_on_the_as_of_date_count():
    revisions = (
        forecast("6/00", recorded_on=date(2000, 2, 1)),
        forecast("3/15/00", recorded_on=date(2000, 3, 1)),
    )
    before = assess(facts(forecasts=revisions), as_of=date(2000, 1, 31))
    first = assess(facts(forecasts=revisions), as_of=date(2000, 2, 1))
    pulled_in = assess(facts(forecasts=revisions), as_of=date(2000, 3, 1))
    assert (before.revision_count, before.latest_forecast, before.flags) == (0, None, (Flag.ON_TRACK,))
    assert first.has(Flag.SLIPPED) and first.revision_count == 1
    assert pulled_in.latest_forecast.window.as_written == "3/15/00"
    assert not pulled_in.has(Flag.SLIPPED) and pulled_in.revision_count == 2


def test_slipped_and_overdue_together_count_the_later_date():
    status = assess(facts(forecasts=(forecast("4/15/00"),)), as_of=date(2000, 5, 1))
    assert status.flags == (Flag.SLIPPED, Flag.OVERDUE)
    assert status.days_of_slip == 31  # not delivered by 2000-05-01, later than the forecast


def test_delivery_supersedes_the_forecast():
    status = assess(facts(forecasts=(forecast("6/00"),), actual=DEADLINE), as_of=date(2000, 7, 1))
    assert status.flags == (Flag.ON_TIME,)


NEED_BY = date(2000, 4, 15)


@pytest.mark.parametrize(
    ("forecast_text", "impacts"),
    [("4/14/00", False), ("4/15/00", False), ("4/16/00", True), ("4/00", True)],
)
def test_a_forecast_after_the_need_by_date_impacts_deployment(forecast_text, impacts):
    status = assess(facts(forecasts=(forecast(forecast_text),), need_by=NEED_BY), as_of=date(2000, 2, 1))
    assert status.has(Flag.IMPACTS_DEPLOYMENT) is impacts
    assert status.has(Flag.REMEDY_REQUIRED) is impacts


@pytest.mark.parametrize(("actual", "impacts"), [(NEED_BY - DAY, False), (NEED_BY, False), (NEED_BY + DAY, True)])
def test_an_actual_date_after_the_need_by_date_impacts_deployment(actual, impacts):
    status = assess(facts(actual=actual, need_by=NEED_BY), as_of=date(2000, 12, 31))
    assert status.has(Flag.IMPACTS_DEPLOYMENT) is impacts


@pytest.mark.parametrize(("as_of", "impacts"), [(NEED_BY, False), (NEED_BY + DAY, True)])
def test_not_delivered_by_the_need_by_date_impacts_deployment(as_of, impacts):
    status = assess(facts(need_by=NEED_BY), as_of=as_of)
    assert status.has(Flag.IMPACTS_DEPLOYMENT) is impacts


def test_the_committed_date_alone_never_impacts_deployment():
    status = assess(facts("6/00", need_by=NEED_BY), as_of=date(2000, 1, 1))
    assert not status.has(Flag.IMPACTS_DEPLOYMENT)


@pytest.mark.parametrize(("agreed_on", "required"), [(date(2000, 2, 1), False), (date(2000, 2, 2), True)])
def test_a_remedy_is_required_until_one_is_agreed(agreed_on, required):
    status = assess(
        facts(forecasts=(forecast("6/00"),), need_by=NEED_BY, remedies_agreed_on=(agreed_on,)),
        as_of=date(2000, 2, 1),
    )
    assert status.has(Flag.IMPACTS_DEPLOYMENT)
    assert status.has(Flag.REMEDY_REQUIRED) is required
    assert status.has(Flag.REMEDY_RECORDED) is not required


@pytest.mark.parametrize("text", ["Under Review", ""])
def test_no_date_is_no_commitment_never_overdue(text):
    status = assess(facts(text), as_of=date(2005, 1, 1))
    assert status.flags == (Flag.NO_COMMITMENT,)
    assert status.deadline is None
    assert status.days_of_slip is None


def test_a_column_ambiguous_row_has_no_commitment_even_with_a_date():
    status = assess(MilestoneFacts(committed=window("3/00"), column_ambiguous=True), as_of=date(2005, 1, 1))
    assert status.flags == (Flag.NO_COMMITMENT, Flag.COLUMN_AMBIGUOUS)
    assert status.deadline is None
    assert "whether it is CI/FSA or GA" in status.reasons[0]


def test_now_is_met_by_the_schedule_date():
    status = assess(facts("Now", actual=NOW), as_of=NOW)
    assert status.flags == (Flag.ON_TIME,)
    late = assess(facts("Now", actual=NOW + DAY), as_of=NOW + DAY)
    assert late.flags == (Flag.LATE,)


def test_now_in_the_exhibit_counts_as_delivered_on_the_schedule_date():
    assert assess(facts("Now"), as_of=NOW - DAY).flags == (Flag.ON_TRACK,)  # not yet stated
    status = assess(facts("Now"), as_of=date(2001, 1, 1))
    assert (status.flags, status.actual, status.days_of_slip) == ((Flag.ON_TIME,), NOW, 0)
    assert "available now" in status.reasons[0]
    # A recorded actual date is what happened, whatever the exhibit said.
    assert assess(facts("Now", actual=NOW + 3 * DAY), as_of=date(2001, 1, 1)).flags == (Flag.LATE,)


def test_an_ambiguous_now_is_still_no_commitment():
    status = assess(MilestoneFacts(committed=window("Now"), column_ambiguous=True), as_of=date(2001, 1, 1))
    assert status.actual is None
    assert Flag.NO_COMMITMENT in status.flags
