"""The audit log names each record by its human name (its `__str__`), in a bounded number of queries, and
its "From" / "To" filters take a time of day."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contracts.models import CustomerMembership, LegalEntity
from ledger.audit import AuditFilter, AuditLog
from tests.factories import CustomerMembershipFactory, DiscountLineFactory, ReleaseFactory, RemedyFactory

pytestmark = pytest.mark.django_db


def _labels(model: str) -> list[str]:
    return [e.object_label for e in AuditLog(AuditFilter(model=model)).page(size=50).entries]


def test_a_customer_membership_is_named_by_its_entity_not_its_section():
    membership = CustomerMembershipFactory(entity__name="KMC Telecom III, Inc.", section="1")
    assert _labels("contracts.customermembership") == ["KMC Telecom III, Inc. as Customer"]
    assert str(membership) == "KMC Telecom III, Inc. as Customer"


def test_a_discount_line_is_named_by_its_row_and_percent():
    DiscountLineFactory(product__name="OC-12 Card", product_as_written="OC-12 Card")
    assert _labels("pricing.discountline") == ["OC-12 Card: 10%"]


def test_records_named_through_relations_several_levels_deep():
    release = ReleaseFactory(name_as_written="R. 2.0")
    RemedyFactory(
        release=release,
        option="b",
        agreed_on=release.group.product_line.schedule.amendment.effective_date,
        substitute_description="Mux",
        substitute_supplier="X",
    )
    (label,) = _labels("releases.remedy")
    assert label == f"Remedy (b) for {release}"
    assert str(release.group.product_line) in label


def test_a_deleted_record_is_still_named():
    membership = CustomerMembershipFactory(entity__name="Gone Inc.")
    membership._change_reason = "test"
    membership.delete()
    labels = _labels("contracts.customermembership")
    assert len(labels) == 2 and all(label and label != "1" for label in labels)


def _queries(model: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        AuditLog(AuditFilter(model=model)).page(size=50)
    return len(queries)


def test_naming_costs_one_query_per_kind_however_many_rows():
    CustomerMembershipFactory()
    few = _queries("contracts.customermembership")
    for _ in range(15):
        CustomerMembershipFactory()
    assert _queries("contracts.customermembership") == few


def test_the_page_shows_the_names(client_as):
    CustomerMembershipFactory(entity__name="KMC Telecom III, Inc.", section="1")
    page = client_as("auditor").get(reverse("ledger:audit_log"), {"model": "contracts.customermembership"})
    html = page.content.decode()
    assert ">KMC Telecom III, Inc. as Customer</a>" in html


def test_from_and_to_take_a_time_of_day(client_as):
    LegalEntity.objects.create(slug="timed", name="Timed Inc.")
    client = client_as("auditor")
    url = reverse("ledger:audit_log")
    html = client.get(url).content.decode()
    for name in ("date_from", "date_to"):
        assert re.search(rf'<input type="datetime-local" name="{name}"', html)
    now = timezone.now()
    hour_ago, in_a_minute = now - timedelta(hours=1), now + timedelta(minutes=2)

    def names(**params):
        return re.findall(
            r"Timed Inc\.", client.get(url, {"model": "contracts.legalentity", **params}).content.decode()
        )

    assert names(date_to=f"{hour_ago:%Y-%m-%dT%H:%M}") == []
    assert names(date_from=f"{hour_ago:%Y-%m-%dT%H:%M}") != []
    assert names(date_from=f"{in_a_minute:%Y-%m-%dT%H:%M}") == []
    # "To" a minute includes the whole minute; a date alone means the whole day.
    assert names(date_to=f"{now:%Y-%m-%dT%H:%M}") != []
    assert names(date_from=f"{now:%Y-%m-%d}", date_to=f"{now:%Y-%m-%d}") != []


def test_to_before_from_is_an_error_naming_the_field(client_as):
    html = (
        client_as("auditor")
        .get(reverse("ledger:audit_log"), {"date_from": "2026-01-02T10:00", "date_to": "2026-01-02T09:00"})
        .content.decode()
    )
    assert "To: Must not be before &#x27;From&#x27;." in html or "To: Must not be before 'From'." in html
    assert 'value="2026-01-02T09:00"' in html


def test_membership_str_is_used_by_history_pages_too(client_as):
    membership = CustomerMembershipFactory(entity__name="Named Co.")
    url = reverse("core:object_history", args=["contracts", "customermembership", membership.pk])
    assert "Named Co. as Customer" in client_as("auditor").get(url).content.decode()
    assert CustomerMembership.objects.count() == 1
