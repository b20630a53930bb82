"""Editing through the API: version and reason required, 409 on a stale version, history with the user."""

import pytest

from contracts.models import TermVersion
from pricing.models import DiscountLine
from releases.models import Release

pytestmark = pytest.mark.django_db


def endpoints():
    term = TermVersion.objects.get()
    line = DiscountLine.objects.get(product_as_written="DDM PLUS")
    release = Release.objects.order_by("pk").first()
    return [
        (f"/api/v1/term-versions/{term.pk}/", term, {"expiry_date": "2004-03-05"}, "expiry_date"),
        (f"/api/v1/discount-lines/{line.pk}/", line, {"percent": "28.00"}, "percent"),
        (f"/api/v1/releases/{release.pk}/tracking/", release, {"need_by_date": "2000-06-30"}, "need_by_date"),
    ]


def test_edit_with_version_and_reason_records_history(api_client_as, seed, admin_user):
    client = api_client_as("admin")
    for url, obj, change, field in endpoints():
        version = client.get(url).json()["version"]
        response = client.patch(url, {**change, "version": version, "change_reason": "API correction"}, format="json")
        assert response.status_code == 200, (url, response.json())
        assert response.json()["version"] != version
        latest = type(obj).history.filter(id=obj.pk).order_by("-history_id").first()
        assert latest.history_user == admin_user and latest.history_change_reason == "API correction"
        assert str(getattr(latest, field)) == change[field]


def test_second_edit_from_a_stale_version_is_409_and_the_first_is_kept(api_client_as, seed, users):
    alice, bob = api_client_as("admin"), api_client_as("admin")
    for url, obj, change, field in endpoints():
        version = alice.get(url).json()["version"]
        first = alice.patch(url, {**change, "version": version, "change_reason": "first"}, format="json")
        assert first.status_code == 200
        second = bob.patch(
            url,
            {field: None if field == "need_by_date" else change[field], "version": version, "change_reason": "second"},
            format="json",
        )
        assert second.status_code == 409, url
        body = second.json()
        assert body["changed_by"] == users["admin"].username and "not saved" in body["detail"]
        obj.refresh_from_db()
        assert str(getattr(obj, field)) == change[field]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"percent": "28"}, "version"),
        ({"percent": "28", "version": 1}, "change_reason"),
        ({"percent": "128", "version": 0, "change_reason": "x"}, "percent"),
        ({"valid_to": "1990-01-01", "version": 0, "change_reason": "x"}, "valid_to"),
    ],
    ids=["no-version", "no-reason", "out-of-range", "ends-before-start"],
)
def test_bad_edits_are_400_naming_the_field(api_client_as, seed, payload, field):
    line = DiscountLine.objects.get(product_as_written="DDM PLUS")
    url = f"/api/v1/discount-lines/{line.pk}/"
    client = api_client_as("admin")
    if payload.get("version") == 0:
        payload = {**payload, "version": client.get(url).json()["version"]}
    response = client.patch(url, payload, format="json")
    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.parametrize("role", ["buyer", "auditor"])
def test_readers_cannot_edit_through_the_api(api_client_as, seed, role):
    for url, _, change, _ in endpoints():
        client = api_client_as(role)
        assert client.get(url).status_code == 200
        response = client.patch(url, {**change, "version": 1, "change_reason": "x"}, format="json")
        assert response.status_code == 403
        assert client.put(url, change, format="json").status_code in (403, 405)
