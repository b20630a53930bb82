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
        ({"percent": "28", "version": 0, "change_reason": "\u200b\u2800 \u3000\ufeff"}, "change_reason"),
        ({"percent": "128", "version": 0, "change_reason": "x"}, "percent"),
        ({"valid_to": "1990-01-01", "version": 0, "change_reason": "x"}, "valid_to"),
    ],
    ids=["no-version", "no-reason", "invisible-reason", "out-of-range", "ends-before-start"],
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


@pytest.mark.parametrize(
    ("reason", "says_something"),
    [
        ("", False),
        (" \t\n", False),
        ("\u200b\u200d\u2060", False),
        ("\u2800\u3164", False),
        ("\u0301", False),
        ("typo", True),
        ("\u540d\u524d", True),
        ("\u200bx", True),
    ],
)
def test_one_rule_decides_whether_a_reason_says_something(reason, says_something):
    from django.core.exceptions import ValidationError

    from core.editing import REASON_REQUIRED, clean_reason

    if says_something:
        assert clean_reason(f" {reason} ") == reason
    else:
        with pytest.raises(ValidationError) as refused:
            clean_reason(reason)
        assert refused.value.message_dict == {"change_reason": [REASON_REQUIRED]}


def test_remedy_edits_through_the_api_with_the_forms_fields(api_client_as, seed):
    from releases.models import Remedy

    release = Release.objects.order_by("pk").first()
    remedy = Remedy.objects.create(release=release, option="a", substitute_description="R. 1.5")
    client = api_client_as("admin")
    url = f"/api/v1/remedies/{remedy.pk}/"
    body = client.get(url).json()
    assert set(Remedy.RECORDED_FIELDS) < set(body)
    response = client.patch(
        url, {"version": body["version"], "change_reason": "Seller letter", "note": "checked"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert remedy.history.first().history_change_reason == "Seller letter"
