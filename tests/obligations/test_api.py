"""The obligations API: commitments with their status on a date, seats of an incentive, seat uses."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from obligations.models import Commitment, TrainingIncentive
from tests.obligations.helpers import PSAS, buy, use_seat

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["admin", "buyer", "auditor"])
def test_every_role_reads_commitments_with_their_status(seed, api_client_as, role):
    response = api_client_as(role).get("/api/v1/commitments/", {"agreement": "LNM970313MP", "on": "2003-03-06"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 10
    rows = {row["key"]: row for row in body["results"]}
    assert rows["am2-term-expiry"]["status"] == "ended"
    assert rows["am2-term-expiry"]["date_on_record"] == "2003-03-05"
    assert rows["am2-exclusive-procurement"]["measure"] == "27 Tier III cities; 100 Tier IV cities"
    assert rows["am2-exclusive-procurement"]["clause_key"] == "am2-s3-purchase-commitment"
    assert rows["notice-periods"]["spend"] is None


def test_commitment_detail_and_filters(seed, api_client_as):
    api = api_client_as("buyer")
    commitment = Commitment.objects.get(key="am3-minimum-savings")
    body = api.get(f"/api/v1/commitments/{commitment.pk}/", {"on": "2000-01-01"}).json()
    assert body["percent"] == "20.000"
    assert body["status"] in {"met", "not met", "unknown"}
    assert body["evidence_url"].startswith("/pricing/comparisons/")
    kinds = {r["kind"] for r in api.get("/api/v1/commitments/", {"obligor": "seller"}).json()["results"]}
    assert kinds == {"minimum_savings", "slip_remedy", "training_seats"}


def test_the_commitments_list_costs_the_same_for_few_and_many_purchases(seed, api_client_as):
    api = api_client_as("buyer")
    buy(seed, PSAS, "10.00")
    api.get("/api/v1/commitments/")
    with CaptureQueriesContext(connection) as few:
        api.get("/api/v1/commitments/")
    for day in range(1, 28):
        buy(seed, PSAS, "10.00", ordered=date(1999, 4, day), shipped=None)
    with CaptureQueriesContext(connection) as many:
        api.get("/api/v1/commitments/")
    assert len(many) == len(few)


def test_seats_of_an_incentive_on_a_date(seed, api_client_as, admin_user):
    buy(seed, PSAS, "2500000.00", ordered=date(1999, 3, 1), shipped=date(1999, 3, 15))
    use_seat(seed, admin_user, date(1999, 9, 1))
    incentive = TrainingIncentive.objects.get(agreement=seed)
    api = api_client_as("buyer")
    rule = api.get(f"/api/v1/training-incentives/{incentive.pk}/").json()
    assert rule["threshold"] == "1250000.00"
    assert [g["clause"] for g in rule["groups"]] == ["A-1.24(a)", "A-1.24(b)"]
    body = api.get(f"/api/v1/training-incentives/{incentive.pk}/seats/", {"on": "2000-02-01"}).json()
    assert (body["earned"], body["used"], body["remaining"], body["expired"]) == (4, 1, 3, 0)
    assert [s["use_by"] for s in body["expiring_within_60_days"]] == ["2000-03-15"] * 3
    used = api.get(f"/api/v1/training-incentives/{incentive.pk}/seats/", {"on": "2000-02-01", "status": "used"})
    assert [s["status"] for s in used.json()["seats"]] == ["used"]


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/api/v1/commitments/", {"on": "2000-02-30"}, "on"),
        ("/api/v1/commitments/", {"kind": "promise"}, "kind"),
        ("/api/v1/seat-uses/", {"used_from": "yesterday"}, "used_from"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(seed, api_client_as, path, params, field):
    response = api_client_as("buyer").get(path, params)
    assert response.status_code == 400
    assert field in response.json()


def test_bad_seats_input_is_a_400(seed, api_client_as):
    incentive = TrainingIncentive.objects.get(agreement=seed)
    response = api_client_as("buyer").get(f"/api/v1/training-incentives/{incentive.pk}/seats/", {"status": "lost"})
    assert response.status_code == 400
    assert "status" in response.json()


def test_seat_uses_are_listed_filtered_and_read_only(seed, api_client_as, admin_user):
    use_seat(seed, admin_user, date(1999, 9, 1), attendee="Pat")
    use_seat(seed, admin_user, date(1999, 10, 1), attendee="Sam")
    api = api_client_as("admin")
    body = api.get("/api/v1/seat-uses/", {"attendee": "pa"}).json()
    assert [r["attendee"] for r in body["results"]] == ["Pat"]
    assert body["results"][0]["recorded_by"] == admin_user.username
    assert api.post("/api/v1/seat-uses/", {"attendee": "X"}).status_code == 405


def test_anonymous_clients_are_refused(seed, client):
    for path in ("/api/v1/commitments/", "/api/v1/seat-uses/", "/api/v1/training-incentives/"):
        assert client.get(path).status_code in (401, 403)


def test_the_endpoints_are_in_the_schema(seed, api_client_as):
    schema = api_client_as("auditor").get("/api/schema/", {"format": "json"}).json()
    for path in (
        "/api/v1/commitments/",
        "/api/v1/commitments/{id}/",
        "/api/v1/training-incentives/{id}/seats/",
        "/api/v1/seat-uses/",
    ):
        assert path in schema["paths"]
