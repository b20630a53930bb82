"""The auditor's journey: an admin changes a record; the auditor finds who, when, why, old → new."""

import pytest
from django.urls import reverse
from django.utils import timezone

from contracts.models import Agreement, LegalEntity
from ledger.audit import AuditFilter, AuditLog

pytestmark = pytest.mark.django_db


def admin_change(client, entity, **changes):
    url = reverse("admin:contracts_legalentity_change", args=[entity.pk])
    form = client.get(url).context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items()}
    data.update({"other_names-TOTAL_FORMS": 0, "other_names-INITIAL_FORMS": 0, **changes})
    return client.post(url, data)


def test_admin_edit_needs_a_reason(client_as, seed):
    entity = LegalEntity.objects.get(slug="kmc-telecom-v")
    response = admin_change(client_as("admin"), entity, name="KMC Telecom Five, Inc.")
    assert response.status_code == 200
    assert "Say why you are changing this record" in response.content.decode()
    entity.refresh_from_db()
    assert entity.name == "KMC Telecom V, Inc."


def test_auditor_finds_the_change_with_user_reason_and_old_new(client_as, seed, admin_user):
    entity = LegalEntity.objects.get(slug="kmc-telecom-v")
    before_edit = timezone.now()
    response = admin_change(
        client_as("admin"),
        entity,
        name="KMC Telecom Five, Inc.",
        change_reason="Name corrected per EX-21.1 errata",
    )
    assert response.status_code == 302

    page = client_as("auditor").get(
        reverse("ledger:audit_log"), {"model": "contracts.legalentity", "user": admin_user.pk}
    )
    body = page.content.decode()
    assert page.status_code == 200
    assert "Name corrected per EX-21.1 errata" in body
    assert "KMC Telecom V, Inc. → KMC Telecom Five, Inc." in body
    assert admin_user.username in body

    # ...and the record as it stood before the edit is still there.
    [old] = [e for e in LegalEntity.history.as_of(before_edit) if e.pk == entity.pk]
    assert old.name == "KMC Telecom V, Inc."


def test_buyers_cannot_see_the_audit_log(client_as, api_client_as, seed):
    assert client_as("buyer").get(reverse("ledger:audit_log")).status_code == 403
    assert api_client_as("buyer").get("/api/v1/audit-log/").status_code == 403


def test_audit_log_api(api_client_as, seed):
    response = api_client_as("auditor").get("/api/v1/audit-log/", {"model": "contracts.amendment", "limit": 2})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 4
    assert len(body["results"]) == 2
    assert body["results"][0]["action"] == "created"
    assert body["results"][0]["reason"].startswith("load_agreement kmc_lucent.yaml: amendments[")


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"model": "auth.permission"}, "model"),
        ({"date_from": "2020-02-30"}, "date_from"),
        ({"user": "nobody"}, "user"),
        ({"date_from": "2021-01-02", "date_to": "2021-01-01"}, "date_to"),
    ],
)
def test_audit_log_api_rejects_bad_filters(api_client_as, seed, params, field):
    response = api_client_as("auditor").get("/api/v1/audit-log/", params)
    assert response.status_code == 400
    assert field in response.json()


def test_filter_by_amendment(seed):
    from contracts.models import Amendment

    three = Amendment.objects.get(number=3)
    entries = AuditLog(AuditFilter(amendment_id=three.pk)).page(size=500).entries
    assert entries
    # Records tied to it directly name it; Exhibit B's releases come with it through their schedule.
    assert all(e.amendment_id in (three.pk, None) for e in entries)
    assert {e.model_label for e in entries if e.amendment_id is None} <= {
        "pricing.discountrule",
        "pricing.pricecomparisonrow",
        "releases.productline",
        "releases.releasegroup",
        "releases.release",
    }
    assert {e.model_label for e in entries} >= {
        "contracts.amendment",
        "contracts.provisionversion",
        "releases.release",
    }


def test_deletion_is_kept_in_the_log(seed, client_as):
    entity = LegalEntity.objects.create(slug="tmp", name="Temporary Entity")
    client = client_as("admin")
    url = reverse("admin:contracts_legalentity_delete", args=[entity.pk])
    response = client.post(url, {"post": "yes", "reason": "Entered twice by mistake"})
    assert response.status_code == 302
    [entry] = AuditLog(AuditFilter(model="contracts.legalentity", object_id=entity.pk)).page(size=1).entries
    assert entry.kind == "deleted"
    assert "Entered twice by mistake" in entry.reason
    history = client_as("auditor").get(reverse("core:object_history", args=["contracts", "legalentity", entity.pk]))
    assert history.status_code == 200 and "has been deleted" in history.content.decode()


def test_same_timestamp_orders_deterministically(seed):
    moment = timezone.now()
    for name in ("A", "B", "C"):
        entity = LegalEntity(slug=f"tie-{name}", name=f"Tie {name}")
        entity._history_date = moment  # three history rows at the same instant
        entity.save()
    first = [e.object_label for e in AuditLog(AuditFilter(date_from=moment.date())).page(size=10).entries]
    second = [e.object_label for e in AuditLog(AuditFilter(date_from=moment.date())).page(size=10).entries]
    assert first == second
    assert first[:3] == ["Tie C", "Tie B", "Tie A"]


def test_audit_log_page_query_count_is_constant(client_as, seed, django_assert_max_num_queries):
    client = client_as("auditor")
    with django_assert_max_num_queries(40):
        client.get(reverse("ledger:audit_log"))
    for i in range(120):
        LegalEntity.objects.create(slug=f"bulk-{i}", name=f"Bulk {i}")
    with django_assert_max_num_queries(40):
        first = client.get(reverse("ledger:audit_log"))
    with django_assert_max_num_queries(40):
        client.get(f"{reverse('ledger:audit_log')}?{first.context['links']['older']}")


def test_csv_export_has_every_filtered_change(client_as, seed):
    response = client_as("auditor").get(reverse("ledger:audit_log"), {"model": "contracts.agreement", "_export": "csv"})
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0].startswith("when,user,record type")
    assert len(lines) == 1 + Agreement.history.count()
    assert "contracts.agreement" in lines[1] and "load_agreement kmc_lucent.yaml: agreement" in lines[1]


def test_filter_by_amendment_includes_the_customers_it_shows(seed):
    from contracts.models import Amendment

    two = Amendment.objects.get(number=2)
    entries = AuditLog(AuditFilter(amendment_id=two.pk, model="contracts.customermembership")).page(size=50).entries
    assert len(entries) == 7  # three added by Amendment 2, four it shows were already Customers
