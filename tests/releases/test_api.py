"""/api/v1/releases/: the board's filters and computed flags; errors name the parameter."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ForecastRevisionFactory, RemedyFactory

URL = "/api/v1/releases/"


def test_board_api_returns_computed_flags_for_the_as_of_date(api_client_as, make_release, admin_user):
    release = make_release("R. 2.0", ga="3/00", need_by_date=date(2000, 4, 1))
    ForecastRevisionFactory(
        release=release, forecast_as_written="2Q00", recorded_on=date(2000, 2, 1), reason="slip", recorded_by=admin_user
    )
    response = api_client_as("buyer").get(URL, {"on": "2000-02-01"})
    assert response.status_code == 200
    body = response.json()
    assert (body["on"], body["milestone"], body["count"]) == ("2000-02-01", "ga", 1)
    row = body["results"][0]
    assert row["name_as_written"] == "R. 2.0"
    assert row["committed"] == {
        "as_written": "3/00",
        "precision": "month",
        "start": "2000-03-01",
        "end": "2000-03-31",
    }
    assert row["status"]["flags"] == ["slipped", "impacts deployment", "remedy required"]
    assert row["status"]["days_of_slip"] == 91
    assert row["status"]["latest_forecast"] == {
        "as_written": "2Q00",
        "end": "2000-06-30",
        "recorded_on": "2000-02-01",
    }


def test_board_api_filters(api_client_as, make_release):
    first = make_release("R. 1.0", ga="3/00")
    second = make_release("R. 2.0", ga="9/00")
    api = api_client_as("auditor")

    def names(**params):
        response = api.get(URL, {"on": "2000-04-01", **params})
        assert response.status_code == 200
        return [r["name_as_written"] for r in response.json()["results"]]

    assert names(flag="overdue") == ["R. 1.0"]
    assert names(deadline_from="2000-04-01") == ["R. 2.0"]
    assert names(product_line=first.group.product_line.pk) == ["R. 1.0"]
    assert names(milestone="ci_fsa", flag="no_commitment") == ["R. 1.0", "R. 2.0"]
    assert second.pk


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"on": "2000-13-01"}, "on"),
        ({"flag": "late-ish"}, "flag"),
        ({"milestone": "beta"}, "milestone"),
        ({"product_line": "99999"}, "product_line"),
        ({"deadline_from": "2000-05-01", "deadline_to": "2000-01-01"}, "deadline_to"),
    ],
)
def test_bad_parameters_are_400_naming_the_field(api_client_as, make_release, params, field):
    make_release(ga="3/00")
    response = api_client_as("buyer").get(URL, params)
    assert response.status_code == 400
    assert field in response.json()


def test_detail_api_has_both_milestones_revisions_and_remedies(api_client_as, make_release):
    release = make_release("R. 3.0", column_ambiguous=True, single_value_as_written="Now")
    RemedyFactory(release=release, option="a", agreed_on=date(2000, 1, 1), substitute_description="R. 2.0")
    response = api_client_as("buyer").get(f"{URL}{release.pk}/", {"on": "2000-01-01"})
    assert response.status_code == 200
    body = response.json()
    assert body["ga"]["flags"] == ["no commitment", "column ambiguous", "remedy recorded"]
    assert body["ci_fsa"]["deadline"] is None
    assert body["remedies"][0]["option"] == "a"
    assert api_client_as("buyer").get(f"{URL}{release.pk}/", {"on": "x"}).status_code == 400


def test_api_needs_authentication_and_does_not_allow_writes(client, api_client_as, make_release):
    make_release(ga="3/00")
    assert client.get(URL).status_code in (401, 403)
    assert api_client_as("admin").post(URL, {}).status_code == 405


def test_board_api_query_count_is_constant(api_client_as, make_release, admin_user):
    api = api_client_as("buyer")

    def add(n):
        for i in range(n):
            release = make_release(f"R. {i}", ga="3/00")
            ForecastRevisionFactory(
                release=release,
                forecast_as_written="6/00",
                recorded_on=date(2000, 1, 1),
                reason="r",
                recorded_by=admin_user,
            )
            RemedyFactory(release=release, option="a", agreed_on=date(2000, 1, 1), substitute_description="s")

    add(5)
    api.get(URL)
    with CaptureQueriesContext(connection) as few:
        assert api.get(URL, {"limit": 1000}).json()["count"] == 5
    add(95)
    with CaptureQueriesContext(connection) as many:
        assert api.get(URL, {"limit": 1000}).json()["count"] == 100
    assert len(many.captured_queries) == len(few.captured_queries)


def test_schema_documents_the_release_endpoints(api_client_as):
    response = api_client_as("buyer").get("/api/schema/")
    assert response.status_code == 200
    schema = response.content.decode()
    assert "/api/v1/releases/:" in schema and "/api/v1/releases/{id}/:" in schema
    assert "deadline_from" in schema and "remedy_required" in schema and "days_of_slip" in schema
