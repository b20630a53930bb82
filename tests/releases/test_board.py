"""The release board page: filters, flags, sorting, CSV export, and a constant number of queries."""

from datetime import date

import pytest
from django.urls import reverse

from releases.models import Release
from tests.factories import ForecastRevisionFactory

URL = reverse("releases:release_list")


def _row(response, release):
    """The board table's rows, by release id."""
    return [row for row in response.context["table"].page.object_list.data if row.release.pk == release.pk]


def test_board_shows_flags_for_the_as_of_date(client_as, make_release):
    on_time = make_release("R. 1.0", ga="3/00", ga_actual_date=date(2000, 3, 31))
    overdue = make_release("R. 2.0", ga="3/00")
    ambiguous = make_release("R. 3.0", column_ambiguous=True, single_value_as_written="Now")
    response = client_as("buyer").get(URL, {"on": "2000-04-01"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "flags computed <strong>on 2000-04-01" in html
    table = response.context["table"]
    flags = {row.release.pk: row.flag_names for row in table.data}
    assert flags[on_time.pk] == "delivered on time"
    assert flags[overdue.pk] == "overdue"
    assert flags[ambiguous.pk] == "no commitment; column ambiguous"
    assert 'class="badge flag flag-overdue"' in html


def test_filters_by_flag_deadline_range_product_line_and_milestone(client_as, make_release):
    first = make_release("R. 1.0", ci_fsa="1/00", ga="3/00")
    second = make_release("R. 2.0", ga="9/00")
    third = make_release("R. 3.0", ga="Under Review", line=second.group.product_line)
    client = client_as("auditor")

    def ids(**params):
        response = client.get(URL, {"on": "2000-04-01", **params})
        assert response.status_code == 200
        return {row.release.pk for row in response.context["table"].data}

    assert ids() == {first.pk, second.pk, third.pk}
    assert ids(flag="overdue") == {first.pk}
    assert ids(flag="on_track") == {second.pk}
    assert ids(flag="no_commitment") == {third.pk}
    assert ids(deadline_from="2000-04-01") == {second.pk}
    assert ids(deadline_to="2000-03-31") == {first.pk}
    assert ids(product_line=second.group.product_line.pk) == {second.pk, third.pk}
    # CI/FSA: only the first release commits to one.
    assert ids(milestone="ci_fsa", flag="no_commitment") == {second.pk, third.pk}


def test_bad_filter_input_names_the_field(client_as, make_release):
    make_release(ga="3/00")
    response = client_as("buyer").get(
        URL, {"on": "2000-13-01", "deadline_from": "2000-05-01", "deadline_to": "2000-01-01"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "On: Enter a valid date." in html
    assert "Deadline to: Deadline to must not be before deadline from." in html
    assert list(response.context["table"].data) == []


def test_csv_export_has_the_flags(client_as, make_release):
    make_release("R. 9.9", ga="3/00")
    response = client_as("buyer").get(URL, {"on": "2000-04-01", "_export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Product line,Group,Release,Exhibit B,Deadline")
    assert "R. 9.9" in lines[1] and "overdue" in lines[1] and "2000-03-31" in lines[1]


def test_sorting_by_days_of_slip(client_as, make_release):
    late = make_release("late", ga="1/00")
    later = make_release("later", ga="12/99")
    client = client_as("buyer")
    response = client.get(URL, {"on": "2000-04-01", "sort": "-days_of_slip"})
    names = [row.release.name_as_written for row in response.context["table"].page.object_list.data]
    assert names == [later.name_as_written, late.name_as_written]


def _many(make_release, n, admin):
    for i in range(n):
        release = make_release(f"R. {i}", ga="3/00", need_by_date=date(2000, 3, 1))
        ForecastRevisionFactory(
            release=release, forecast_as_written="6/00", recorded_on=date(2000, 1, 1), reason="late", recorded_by=admin
        )


@pytest.mark.parametrize("path_params", [{}, {"_export": "csv"}])
def test_board_query_count_is_constant(client_as, make_release, admin_user, django_assert_num_queries, path_params):
    client = client_as("admin")
    _many(make_release, 5, admin_user)
    client.get(URL)  # warm the session and permission caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(URL, {"on": "2000-02-01", **path_params}).status_code == 200
    _many(make_release, 495, admin_user)
    assert Release.objects.count() == 500
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(URL, {"on": "2000-02-01", **path_params}).status_code == 200


def test_board_counts_the_flags_it_shows(client_as, make_release):
    make_release("R. 1.0", ga="3/00")
    make_release("R. 2.0", ga="3/00")
    make_release("R. 3.0", ga="9/00")
    html = client_as("buyer").get(URL, {"on": "2000-04-01"}).content.decode()
    assert "3 releases shown; 2 overdue; 1 on track." in html
