"""Deleting in the admin asks why, one record or many, and the reason reaches every row removed."""

import pytest
from django.urls import reverse

from contracts.models import EntityName, LegalEntity
from tests.factories import LegalEntityFactory

pytestmark = pytest.mark.django_db


def entity_with_a_former_name():
    entity = LegalEntityFactory(name="Typo Telecom Inc.")
    name = EntityName.objects.create(entity=entity, name="Typo Telcom", kind=EntityName.Kind.VARIANT)
    return entity, name


def deletion_reason(model, pk):
    record = model.history.filter(id=pk).order_by("-history_id").first()
    assert record.history_type == "-"
    return record.history_change_reason


def test_the_confirmation_asks_why(client_as):
    entity, _ = entity_with_a_former_name()
    page = client_as("admin").get(reverse("admin:contracts_legalentity_delete", args=[entity.pk]))
    assert page.status_code == 200
    assert 'name="reason"' in page.text


@pytest.mark.parametrize("reason", ["", "\u200b\u2800"])
def test_no_reason_deletes_nothing_and_says_why(client_as, reason):
    entity, name = entity_with_a_former_name()
    response = client_as("admin").post(
        reverse("admin:contracts_legalentity_delete", args=[entity.pk]), {"post": "yes", "reason": reason}
    )
    assert response.status_code == 200
    assert "the reason is required" in response.text
    assert LegalEntity.objects.filter(pk=entity.pk).exists()
    assert EntityName.objects.filter(pk=name.pk).exists()


def test_the_reason_goes_on_the_record_and_what_is_deleted_with_it(client_as):
    entity, name = entity_with_a_former_name()
    response = client_as("admin").post(
        reverse("admin:contracts_legalentity_delete", args=[entity.pk]),
        {"post": "yes", "reason": "Created by mistake: a duplicate of KMC Telecom II"},
    )
    assert response.status_code == 302
    assert deletion_reason(LegalEntity, entity.pk) == "Created by mistake: a duplicate of KMC Telecom II"
    assert deletion_reason(EntityName, name.pk) == "Created by mistake: a duplicate of KMC Telecom II"


def test_bulk_delete_asks_why_and_records_it_on_every_row(client_as):
    first, first_name = entity_with_a_former_name()
    second = LegalEntityFactory()
    client = client_as("admin")
    changelist = reverse("admin:contracts_legalentity_changelist")
    selection = {"action": "delete_selected", "_selected_action": [first.pk, second.pk]}

    confirmation = client.post(changelist, selection)
    assert 'name="reason"' in confirmation.text

    refused = client.post(changelist, {**selection, "post": "yes", "reason": " "})
    assert "the reason is required" in refused.text
    assert LegalEntity.objects.filter(pk__in=[first.pk, second.pk]).count() == 2

    done = client.post(changelist, {**selection, "post": "yes", "reason": "Test entities"})
    assert done.status_code == 302
    assert not LegalEntity.objects.filter(pk__in=[first.pk, second.pk]).exists()
    for model, pk in [(LegalEntity, first.pk), (LegalEntity, second.pk), (EntityName, first_name.pk)]:
        assert deletion_reason(model, pk) == "Test entities"
