"""Deleting says why on every row it removes; a deleted record is restored from its history."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.deletion import NotRestorable, delete_with_reason, restore_deleted
from releases.models import ForecastRevision, Release, Remedy
from tests.factories import ForecastRevisionFactory, ReleaseFactory, RemedyFactory

pytestmark = pytest.mark.django_db


def last_history(model, pk):
    return model.history.filter(id=pk).order_by("-history_id").first()


def test_the_reason_reaches_every_row_the_delete_removes():
    release = ReleaseFactory()
    revision = ForecastRevisionFactory(release=release)
    remedy = RemedyFactory(release=release)
    pks = {Remedy: remedy.pk, ForecastRevision: revision.pk, Release: release.pk}  # delete() sets pk to None
    delete_with_reason(remedy, "Entered twice by mistake")
    delete_with_reason(revision, "Entered twice by mistake")
    delete_with_reason(release, "Row belongs to another agreement")

    for model, pk, reason in [
        (Remedy, pks[Remedy], "Entered twice by mistake"),
        (ForecastRevision, pks[ForecastRevision], "Entered twice by mistake"),
        (Release, pks[Release], "Row belongs to another agreement"),
    ]:
        record = last_history(model, pk)
        assert record.history_type == "-"
        assert record.history_change_reason == reason


@pytest.mark.parametrize("reason", ["", "   ", "\u200b\u2800"])
def test_a_delete_without_a_reason_is_refused_and_nothing_is_deleted(reason):
    remedy = RemedyFactory()
    with pytest.raises(ValidationError):
        delete_with_reason(remedy, reason)
    assert Remedy.objects.filter(pk=remedy.pk).exists()


def test_restore_brings_back_the_same_record_with_a_reason():
    remedy = RemedyFactory(substitute_description="Release 2 on the 5ESS")
    pk = remedy.pk
    delete_with_reason(remedy, "Wrong release")

    restored = restore_deleted(Remedy, pk, reason="It was the right release after all")

    assert restored.pk == pk
    assert Remedy.objects.get(pk=pk).substitute_description == "Release 2 on the 5ESS"
    record = last_history(Remedy, pk)
    assert record.history_type == "+"
    assert record.history_change_reason == "Restored: It was the right release after all"


def test_restore_refuses_a_live_record_and_a_record_whose_parent_is_gone():
    remedy = RemedyFactory()
    pk = remedy.pk
    with pytest.raises(NotRestorable, match="exists"):
        restore_deleted(Remedy, pk, reason="why not")
    release = remedy.release
    delete_with_reason(remedy, "Wrong release")
    delete_with_reason(release, "Wrong schedule")
    with pytest.raises(NotRestorable, match="restore that one first"):
        restore_deleted(Remedy, pk, reason="Bring it back")
    assert not Remedy.objects.filter(pk=pk).exists()


def test_restore_page_for_contract_admins_only(client_as):
    remedy = RemedyFactory()
    pk = remedy.pk
    delete_with_reason(remedy, "Wrong release")
    history = reverse("core:object_history", args=["releases", "remedy", pk])
    restore = reverse("core:object_restore", args=["releases", "remedy", pk])

    auditor = client_as("auditor")
    assert "Restore" not in auditor.get(history).text
    assert auditor.post(restore, {"reason": "Because"}).status_code == 403
    assert not Remedy.objects.filter(pk=pk).exists()

    admin = client_as("admin")
    assert 'name="reason"' in admin.get(history).text
    refused = admin.post(restore, {"reason": "\u200b"}, follow=True)
    assert "the reason is required" in refused.text
    assert not Remedy.objects.filter(pk=pk).exists()

    response = admin.post(restore, {"reason": "Deleted by mistake"}, follow=True)
    assert response.status_code == 200
    assert "is restored" in response.text
    assert Remedy.objects.filter(pk=pk).exists()


def test_recorded_facts_are_protected_from_cascades():
    from django.db.models import ProtectedError

    remedy = RemedyFactory()
    revision = ForecastRevisionFactory(release=remedy.release)
    with pytest.raises(ProtectedError):
        delete_with_reason(remedy.release, "Clean up")
    with pytest.raises(ProtectedError):
        delete_with_reason(remedy.release.group.product_line, "Clean up")
    assert Remedy.objects.filter(pk=remedy.pk).exists() and ForecastRevision.objects.filter(pk=revision.pk).exists()
