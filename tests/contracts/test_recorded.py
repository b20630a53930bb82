"""System time ("as recorded at") and comparisons between two points in time."""

from datetime import date

import pytest
from django.utils import timezone

from contracts.compare import compare_snapshots
from contracts.models import LegalEntity, ProvisionVersion
from contracts.recorded import recorded_records
from contracts.snapshot import agreement_snapshot

pytestmark = pytest.mark.django_db


def rename(entity, name, reason="typing error corrected"):
    entity.name = name
    entity._change_reason = reason
    entity.save()


def test_recorded_at_shows_what_the_database_held_then(seed):
    moment = timezone.now()
    entity = LegalEntity.objects.get(slug="kmc-telecom-iii")
    rename(entity, "KMC Telecom III, Inc. (renamed)")
    records = recorded_records(seed.pk, moment)
    then = agreement_snapshot(records.agreement, on=date(2000, 1, 1), records=records)
    now = agreement_snapshot(seed, on=date(2000, 1, 1))
    assert "KMC Telecom III, Inc." in {c.entity.name for c in then.customers}
    assert "KMC Telecom III, Inc. (renamed)" in {c.entity.name for c in now.customers}
    diff = compare_snapshots(then, now)
    [change] = diff.customers
    assert change.before.startswith("KMC Telecom III, Inc.: yes")
    assert change.after.startswith("KMC Telecom III, Inc. (renamed): yes")


def test_recorded_before_the_agreement_existed_is_none(seed):
    assert recorded_records(seed.pk, timezone.now().replace(year=2000)) is None


def test_edited_provision_text_shows_as_a_change(seed):
    moment = timezone.now()
    version = ProvisionVersion.objects.get(provision__section="A-1.25")
    version.text = version.text + " (typing error)"
    version._change_reason = "test"
    version.save()
    records = recorded_records(seed.pk, moment)
    then = agreement_snapshot(records.agreement, on=date(2000, 1, 1), records=records)
    diff = compare_snapshots(then, agreement_snapshot(seed, on=date(2000, 1, 1)))
    [change] = diff.provisions
    assert change.after.endswith("(typing error)")


def test_rebuild_cost_does_not_grow_with_history(seed, django_assert_max_num_queries):
    entity = LegalEntity.objects.get(slug="kmc-telecom-iii")
    with django_assert_max_num_queries(8):
        recorded_records(seed.pk, timezone.now())
    for i in range(60):
        rename(entity, f"KMC Telecom III, Inc. v{i}")
    with django_assert_max_num_queries(8):
        records = recorded_records(seed.pk, timezone.now())
    assert any(m.entity.name == "KMC Telecom III, Inc. v59" for m in records.memberships)


def test_what_amendment_three_changed(seed):
    on = date(1999, 11, 15)
    before = agreement_snapshot(seed, on=on, as_agreed=date(1999, 11, 14))
    after = agreement_snapshot(seed, on=on, as_agreed=on)
    diff = compare_snapshots(before, after)
    customers = {c.subject: (c.before, c.after) for c in diff.customers}
    assert customers["KMC Telecom IV, Inc."] == (
        "KMC Telecom IV, Inc.: no",
        "KMC Telecom IV, Inc.: yes since 1999-11-15",
    )
    assert any("A-1.7" in c.subject and c.before == "not in force" for c in diff.provisions)
    assert not diff.term


def test_recorded_at_in_the_api(api_client_as, seed):
    url = f"/api/v1/agreements/{seed.pk}/as-of/"
    at = timezone.now().isoformat()
    assert api_client_as("buyer").get(url, {"recorded_at": at}).status_code == 403
    response = api_client_as("auditor").get(url, {"recorded_at": at, "on": "2000-01-01"})
    assert response.status_code == 200
    assert response.json()["recorded_at"]
    old = api_client_as("auditor").get(url, {"recorded_at": "2001-01-01T00:00:00Z"})
    assert old.status_code == 404
