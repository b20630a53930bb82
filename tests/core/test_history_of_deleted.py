"""The history page of a record whose parents were deleted too renders from the history rows alone."""

import pytest
from django.urls import reverse

from core.deletion import delete_with_reason
from tests.factories import ForecastRevisionFactory, ReleaseFactory, RemedyFactory


def delete_upwards(*records):
    """Each record, then its parents: recorded facts are protected from cascades."""
    for record in records:
        delete_with_reason(record, "Entered under the wrong agreement")


pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("factory", [RemedyFactory, ForecastRevisionFactory])
def test_history_of_a_record_deleted_with_its_release(client_as, factory):
    release = ReleaseFactory()
    record = factory(release=release)
    model, pk = type(record), record.pk
    group = release.group
    delete_upwards(record, release, group, group.product_line)

    response = client_as("auditor").get(
        reverse("core:object_history", args=[model._meta.app_label, model._meta.model_name, pk])
    )

    assert response.status_code == 200
    assert f"{model._meta.verbose_name} #{pk}" in response.text
    assert "has been deleted" in response.text
    assert response.text.count("<tr>") >= 3  # created and deleted, under the header row


def test_history_of_a_deleted_release_names_it_when_its_group_is_gone(client_as):
    release = ReleaseFactory(name_as_written="R. 9.9")
    pk, group = release.pk, release.group
    delete_upwards(release, group, group.product_line)
    response = client_as("auditor").get(reverse("core:object_history", args=["releases", "release", pk]))
    assert response.status_code == 200
