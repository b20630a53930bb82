"""The date a release question is answered for when none is given: today, or the Term's last day once
the Term has ended (`releases.board.default_as_of`), said on every page that uses it."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.pointintime.defaults import default_on
from releases.board import default_as_of
from tests.factories import TermVersionFactory

ENDED = date(2003, 3, 13)


@pytest.mark.parametrize(
    ("expiry", "today", "on", "ended"),
    [
        (None, date(2026, 1, 1), date(2026, 1, 1), None),  # unknown Term: today
        (date(2003, 3, 13), date(2026, 1, 1), date(2003, 3, 13), date(2003, 3, 13)),  # ended: its last day
        (date(2003, 3, 13), date(2003, 3, 13), date(2003, 3, 13), None),  # its last day is still within it
        (date(2003, 3, 13), date(2002, 6, 1), date(2002, 6, 1), None),  # running: today
    ],
)
def test_default_on(expiry, today, on, ended):
    chosen = default_on(term_expiry=expiry, today=today)
    assert (chosen.on, chosen.term_ended_on, chosen.after_term) == (on, ended, ended is not None)
    assert ("The Term ended on 2003-03-13" in chosen.note()) is (ended is not None)


@pytest.fixture
def ended_term(schedule):
    """The schedule's agreement, whose Term (set by its amendment) ended on ENDED."""
    TermVersionFactory(amendment=schedule.amendment, expiry_date=ENDED)
    return schedule.amendment.agreement


def test_default_as_of_follows_the_latest_term(ended_term, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert default_as_of(ended_term).on == ENDED
    assert default_as_of(ended_term, today=ENDED - timedelta(days=1)).on == ENDED - timedelta(days=1)


def _note(page):
    match = re.search(r'<p class="note" id="default-date"[^>]*>(.*?)</p>', page, re.S)
    return re.sub(r"<[^>]+>", "", match.group(1)) if match else None


def test_board_defaults_to_the_terms_last_day_and_says_so(client_as, ended_term, make_release):
    make_release("R. 1.0", ga="3/00")  # due 2000-03-31, never delivered
    page = client_as("buyer").get(reverse("releases:release_list")).content.decode()
    assert _note(page) == ("The Term ended on 2003-03-13; showing the board as of that day. Choose another date.")
    assert "flags computed <strong>on 2003-03-13</strong>" in page
    assert 'href="#id_on"' in page and 'id="id_on"' in page


def test_board_with_other_filters_but_no_date_uses_the_default(client_as, ended_term, make_release):
    make_release("R. 1.0", ga="3/00")
    page = client_as("buyer").get(reverse("releases:release_list"), {"milestone": "ga", "on": ""}).content.decode()
    assert "flags computed <strong>on 2003-03-13</strong>" in page
    assert _note(page) is not None


def test_a_date_given_is_used_and_no_note_shown(client_as, ended_term, make_release):
    make_release("R. 1.0", ga="3/00")
    page = client_as("buyer").get(reverse("releases:release_list"), {"on": "2000-01-01"}).content.decode()
    assert "flags computed <strong>on 2000-01-01</strong>" in page
    assert _note(page) is None


def test_board_of_a_running_term_is_today(client_as, schedule, make_release):
    TermVersionFactory(amendment=schedule.amendment, expiry_date=timezone.localdate() + timedelta(days=30))
    make_release("R. 1.0", ga="3/00")
    page = client_as("buyer").get(reverse("releases:release_list")).content.decode()
    assert f"flags computed <strong>on {timezone.localdate():%Y-%m-%d}</strong> (today)" in page
    assert _note(page) is None


def test_timelines_and_release_page_default_to_the_terms_last_day(client_as, ended_term, make_release):
    release = make_release("R. 1.0", ga="3/00")
    client = client_as("buyer")
    schedule_page = client.get(reverse("releases:schedule_timeline")).content.decode()
    assert "as of <strong>2003-03-13</strong>" in schedule_page
    assert _note(schedule_page).startswith("The Term ended on 2003-03-13; showing the timeline as of that day.")
    line = release.group.product_line
    line_page = client.get(reverse("releases:productline_timeline", args=[line.pk])).content.decode()
    assert "as of <strong>2003-03-13</strong>" in line_page
    release_page = client.get(release.get_absolute_url()).content.decode()
    assert "as of 2003-03-13" in release_page
    assert _note(release_page).startswith("The Term ended on 2003-03-13; showing the flags as of that day.")


def test_the_seed_board_is_as_of_the_terms_last_day(client_as, seed):
    page = client_as("buyer").get(reverse("releases:release_list")).content.decode()
    assert "The Term ended on <strong>2003-03-05</strong>" in page
    assert "flags computed <strong>on 2003-03-05</strong>" in page


def test_the_timeline_axis_fits_the_releases_not_a_far_as_of_date(make_release):
    from releases.models import Release
    from releases.timeline import schedule_timeline

    make_release("R. 1.0", ga="3/99")
    make_release("R. 2.0", ga="6/03")
    timeline = schedule_timeline(Release.objects.for_slips(), as_of=date(2026, 11, 26))
    assert (timeline.start, timeline.end) == (date(1999, 1, 1), date(2003, 12, 31))
    assert timeline.as_of_x is None and "2026-11-26 is outside the years shown" in timeline.description
    assert [label for _, label in timeline.ticks] == ["1999", "2000", "2001", "2002", "2003"]
    # A date within a year of the releases is drawn, the axis widened to take it.
    near = schedule_timeline(Release.objects.for_slips(), as_of=date(2004, 3, 5))
    assert near.end == date(2004, 12, 31) and near.as_of_x is not None


@pytest.mark.parametrize(
    ("first", "last", "width", "step"),
    [(1998, 2003, 760, 1), (1980, 2026, 760, 5), (1900, 2026, 760, 10), (1998, 2003, 390, 1)],
)
def test_year_labels_never_overlap(first, last, width, step):
    from core.pointintime.axis import year_ticks
    from releases.timeline import TICK_GAP

    years = year_ticks(date(first, 1, 1), date(last, 12, 31), width=width, min_gap=TICK_GAP)
    assert years[1] - years[0] == step and years[0] % step == 0
    gap = width * (years[1] - years[0]) / (last - first + 1)
    assert gap >= TICK_GAP


def test_timeline_svg_is_a_labelled_group_without_flag_classes(client_as, ended_term, make_release):
    make_release("R. 1.0", ga="3/00")
    page = client_as("buyer").get(reverse("releases:schedule_timeline")).content.decode()
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert 'role="group"' in svg and 'role="img"' not in svg
    assert '<title id="timeline-title">Release timeline, 1997 to 2003</title>' in svg or "<title id=" in svg
    assert "Release timeline: 1 release from" in svg
    assert "flag-" not in svg and 'data-flags="overdue' in svg
