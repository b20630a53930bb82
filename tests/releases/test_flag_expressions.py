"""The flags as query expressions (`slips.flag_conditions`) say what `slips.assess` says, row by row.

The board filters, counts and sorts by them in the database, then shows what `assess` computes for the
page's rows: if the two disagreed, a board filtered by a flag would list rows without it.
"""

from datetime import date, timedelta

import pytest
from django.db.models import F
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from releases.board import milestone_facts
from releases.datewindows import parse_window
from releases.models import ForecastRevision, Milestone, Release, Remedy
from releases.slips import Flag, assess, flag_conditions
from tests.factories import AgreementFactory, ProductLineFactory, ReleaseGroupFactory, ReleaseScheduleFactory

SCHEDULE_DATE = date(1999, 11, 15)
FIRST, LAST = date(1998, 6, 1), date(2002, 12, 31)
days = st.dates(min_value=FIRST, max_value=LAST)


def _yy(day: date) -> str:
    return f"{day:%y}"


@st.composite
def date_texts(draw, *, now=True):
    """A date as Exhibit B or a Seller's forecast writes it, in every form the schedule uses."""
    day = draw(days)
    forms = [
        f"{day.month}/{_yy(day)}",
        f"{day.month:02d}/{_yy(day)}",
        f"{day.month}/{day.day}/{_yy(day)}",
        f"{(day.month - 1) // 3 + 1}{draw(st.sampled_from('Qq'))}{_yy(day)}",
        f"{1 if day.month <= 6 else 2}H{_yy(day)}",
        str(day.year),
    ]
    if now:
        forms.append(draw(st.sampled_from(["Now", "now"])))
    return draw(st.sampled_from(forms))


committed_texts = st.one_of(date_texts(), st.sampled_from(["", "Under Review"]))


@st.composite
def releases(draw):
    ambiguous = draw(st.booleans()) and draw(st.booleans())
    row = {
        "column_ambiguous": ambiguous,
        "single_value_as_written": draw(date_texts()) if ambiguous else "",
        "ci_fsa_as_written": "" if ambiguous else draw(committed_texts),
        "ga_as_written": "" if ambiguous else draw(committed_texts),
        # (milestone, forecast, known since); several on one day test which one is the latest
        "revisions": draw(
            st.lists(
                st.tuples(st.sampled_from(Milestone.values), date_texts(), st.sampled_from([FIRST, *_some_days()])),
                max_size=4,
            )
        ),
        "remedies": draw(st.lists(days, max_size=2)),
    }
    # Actual and need-by dates, often on the last day of a window this row writes, where `<` and `<=` part;
    # mostly not delivered, since most flags are about what is not.
    texts = [row["ci_fsa_as_written"], row["ga_as_written"], *(text for _, text, _ in row["revisions"])]
    ends = sorted({w.end for text in texts if (w := parse_window(text, schedule_date=SCHEDULE_DATE))})
    some_day = st.one_of(days, st.sampled_from(ends)) if ends else days
    ci_actual = draw(st.one_of(st.none(), st.none(), some_day))
    row["ci_fsa_actual_date"] = ci_actual
    row["ga_actual_date"] = draw(
        st.one_of(st.none(), st.none(), some_day.filter(lambda d: ci_actual is None or d >= ci_actual))
    )
    row["need_by_date"] = draw(st.none() | some_day)
    return row


def _some_days():
    return [date(1999, 6, 1), date(2000, 1, 1), date(2000, 6, 30), date(2001, 3, 15)]


def _build(rows):
    """One agreement's schedule holding `rows`; its releases, as the board reads them."""
    schedule = ReleaseScheduleFactory(
        amendment__agreement=AgreementFactory(), amendment__number=3, amendment__effective_date=SCHEDULE_DATE
    )
    group = ReleaseGroupFactory(product_line=ProductLineFactory(schedule=schedule, position=1))
    for position, row in enumerate(rows, start=1):
        values = {k: v for k, v in row.items() if k not in ("revisions", "remedies")}
        release = Release.objects.create(group=group, position=position, name_as_written=f"R. {position}", **values)
        for milestone, text, recorded_on in row["revisions"]:
            ForecastRevision.objects.create(
                release=release, milestone=milestone, forecast_as_written=text, recorded_on=recorded_on, reason="r"
            )
        for agreed_on in row["remedies"]:
            Remedy.objects.create(release=release, option="a", agreed_on=agreed_on, substitute_description="s")
    return Release.objects.of_agreement(schedule.amendment.agreement)


def _disagreements(releases, *, as_of, milestone):
    """Every row on which the database and `assess` disagree, with what each says."""
    board = releases.with_flags(as_of=as_of, milestone=milestone).annotate(days_of_slip=F("slip_delay"))
    in_database = {
        flag: set(board.filter(condition).values_list("pk", flat=True))
        for flag, condition in flag_conditions(as_of=as_of).items()
    }
    values = {
        row["pk"]: row
        for row in board.values("pk", "slip_deadline", "slip_actual", "slip_forecast", "slip_revisions", "days_of_slip")
    }
    wrong = []
    for release in releases.for_slips():
        status = assess(milestone_facts(release, milestone), as_of=as_of)
        sql = values[release.pk]
        said = (
            {flag for flag in Flag if release.pk in in_database[flag]},
            sql["slip_deadline"],
            sql["slip_actual"],
            sql["slip_forecast"],
            sql["slip_revisions"],
            None if sql["days_of_slip"] is None else sql["days_of_slip"].days,
        )
        expected = (
            set(status.flags),
            status.deadline,
            status.actual,
            status.forecast_date,
            status.revision_count,
            status.days_of_slip,
        )
        if said != expected:
            wrong.append((release.name_as_written, as_of, milestone, "database:", said, "assess:", expected))
    return wrong


def _edges(days_found):
    """Those days and the days either side: where `<` and `<=` part."""
    return sorted({day + timedelta(days=shift) for day in days_found for shift in (-1, 0, 1)}) or [SCHEDULE_DATE]


def _deadlines(rows, milestone):
    texts = [row[f"{milestone}_as_written"] for row in rows]
    return {w.end for text in texts if (w := parse_window(text, schedule_date=SCHEDULE_DATE))}


def _other_dates(rows):
    found = set()
    for row in rows:
        found |= {w.end for _, text, _ in row["revisions"] if (w := parse_window(text, schedule_date=SCHEDULE_DATE))}
        found |= {row[k] for k in ("ci_fsa_actual_date", "ga_actual_date", "need_by_date") if row[k]}
        found |= {recorded_on for _, _, recorded_on in row["revisions"]} | set(row["remedies"])
    return found


@pytest.mark.django_db
@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(releases(), min_size=1, max_size=6), milestone=st.sampled_from(Milestone.values), data=st.data())
def test_the_database_flags_what_assess_flags(rows, milestone, data):
    # As often as not on a day where a flag changes: a deadline, a need-by date, an actual date, ...
    deadlines, others = _edges(_deadlines(rows, milestone)), _edges(_other_dates(rows))
    as_of = data.draw(st.one_of(st.sampled_from(deadlines), st.sampled_from(others), days), label="as_of")
    assert _disagreements(_build(rows), as_of=as_of, milestone=milestone) == []


@pytest.mark.parametrize("milestone", Milestone.values)
@pytest.mark.parametrize("as_of", [date(1999, 11, 15), date(2000, 6, 1), date(2001, 1, 1), date(2002, 7, 1)])
def test_they_agree_on_every_row_of_the_seed(seed, admin_user, milestone, as_of):
    releases = Release.objects.of_agreement(seed)
    # Give the seed what happens after the exhibit: forecasts (two on one day), actuals, need-by dates.
    for i, release in enumerate(releases.order_by("pk")[:40]):
        if i % 3 == 0:
            release.need_by_date = date(2000, 3, 1) + timedelta(days=20 * i)
        if i % 5 == 0:
            release.ga_actual_date = date(2000, 2, 1) + timedelta(days=15 * i)
        release.save()
        for text in ("9/00", "1Q01") if i % 2 else ("6/15/00",):
            ForecastRevision.objects.create(
                release=release, forecast_as_written=text, recorded_on=date(2000, 1, 10), reason="r"
            )
        if i % 7 == 0:
            Remedy.objects.create(release=release, option="a", agreed_on=date(2000, 5, 1), substitute_description="s")
    assert _disagreements(releases, as_of=as_of, milestone=milestone) == []
