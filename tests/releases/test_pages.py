"""Release page, timeline pictures and the amendment page's Exhibit B section."""

import re
from datetime import date
from urllib.parse import quote

import pytest
from django.urls import reverse

from releases.models import ForecastRevision, Release, Remedy
from tests.factories import ForecastRevisionFactory, RemedyFactory


def test_release_page_shows_dates_as_written_and_understood(client_as, make_release):
    release = make_release("R. 2.0", ci_fsa="4Q99", ga="1q00", need_by_date=date(2000, 2, 1))
    page = client_as("buyer").get(release.get_absolute_url(), {"on": "2000-01-15"}).content.decode()
    assert "as of 2000-01-15" in page
    assert "4Q99" in page and "quarter: 1999-10-01 to 1999-12-31" in page
    assert "1q00" in page and "quarter: 2000-01-01 to 2000-03-31" in page
    assert "2000-02-01" in page  # need-by
    # Buyers read: no recording links.
    assert "Record a forecast revision" not in page and "Record a remedy" not in page
    assert 'class="history"' not in page


def test_release_page_of_an_ambiguous_row_shows_both_readings(client_as, make_release):
    release = make_release("R. 9.1", column_ambiguous=True, single_value_as_written="1/00")
    page = client_as("auditor").get(release.get_absolute_url()).content.decode()
    assert "without showing its column" in page
    assert "If it is the CI/FSA date: 2000-01-01 to 2000-01-31, deadline 2000-01-31, and GA is unknown" in page
    assert "If it is the GA date: 2000-01-01 to 2000-01-31, deadline 2000-01-31" in page
    assert "column ambiguous" in page
    assert 'class="history"' in page  # auditors see history


def test_release_page_lists_revisions_and_remedies_with_history_links(client_as, make_release, admin_user):
    release = make_release("R. 2.0", ga="3/00")
    revision = ForecastRevisionFactory(
        release=release, forecast_as_written="5/00", recorded_on=date(2000, 1, 5), reason="Lab", recorded_by=admin_user
    )
    remedy = RemedyFactory(
        release=release, option="b", agreed_on=date(2000, 4, 1), substitute_description="Mux", substitute_supplier="X"
    )
    client = client_as("admin")
    page = client.get(release.get_absolute_url(), {"on": "2000-04-02"}).content.decode()
    assert "5/00" in page and "Lab" in page and admin_user.username in page
    assert "(b) non-Lucent substitute" in page and "substitute to be provided" in page
    for obj in (release, revision, remedy):
        url = reverse("core:object_history", args=["releases", obj._meta.model_name, obj.pk])
        assert url in page
        assert client.get(url).status_code == 200


def test_release_page_query_count_does_not_grow_with_revisions(
    client_as, make_release, admin_user, django_assert_max_num_queries
):
    release = make_release("R. 2.0", ga="3/00")
    for i in range(20):
        ForecastRevision.objects.create(
            release=release, forecast_as_written=f"{i % 12 + 1}/00", reason="r", recorded_by=admin_user
        )
        Remedy.objects.create(release=release, option="a", substitute_description="s")
    client = client_as("admin")
    with django_assert_max_num_queries(15):
        assert client.get(release.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("whole", [True, False])
def test_timeline_is_an_svg_with_windows_forecasts_actuals_and_need_by(client_as, make_release, admin_user, whole):
    release = make_release(
        "R. 2.0", ci_fsa="1/00", ga="3/00", ga_actual_date=date(2000, 5, 2), need_by_date=date(2000, 4, 1)
    )
    ForecastRevisionFactory(
        release=release, forecast_as_written="5/00", recorded_on=date(2000, 2, 1), reason="r", recorded_by=admin_user
    )
    make_release("R. 3.0", column_ambiguous=True, single_value_as_written="Now")
    url = reverse("releases:schedule_timeline") if whole else release.group.product_line.get_absolute_url()
    response = client_as("buyer").get(url, {"on": "2000-06-01"})
    assert response.status_code == 200
    svg = response.content.decode()
    assert "<svg" in svg and not re.search(r"<script(?![^>]*\bsrc=)", svg)  # no inline script
    for css in (
        'class="ci"',
        'class="ga"',
        'class="fc"',
        'class="actual"',
        'class="need"',
        'class="asof-line"',
    ):
        assert css in svg
    assert ('class="amb"' in svg) is whole
    assert release.get_absolute_url() in svg
    assert ">2000<" in svg


def test_timeline_geometry_puts_later_dates_further_right(make_release):
    from releases.timeline import schedule_timeline

    make_release("early", ga="1/00")
    make_release("late", ga="2H01")
    timeline = schedule_timeline(Release.objects.for_slips(), as_of=date(2000, 1, 1))
    early, late = timeline.rows
    assert early.committed.x < late.committed.x
    assert late.committed.width > early.committed.width  # a half year is wider than a month
    assert (timeline.start, timeline.end) == (date(2000, 1, 1), date(2001, 12, 31))


def test_amendment_page_links_its_release_schedule(client_as, schedule):
    page = client_as("buyer").get(schedule.amendment.get_absolute_url()).content.decode()
    assert "Exhibit B: PRODUCT RELEASE SCHEDULE" in page
    key = quote(schedule.amendment.agreement.contract_number)
    assert f"{reverse('releases:release_list')}?agreement={key}&amp;on=1999-11-15" in page
