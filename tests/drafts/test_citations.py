"""A draft's parts say where the signed document prints them; executing cites that document there."""

import pytest
from django.urls import reverse

from contracts.models import Amendment, Document, ProvisionVersion
from pricing.models import DiscountLine
from tests.drafts.conftest import draft_post, management, signed_pdf
from tests.drafts.test_drafting import start_draft

pytestmark = pytest.mark.django_db


def execute(admin, draft):
    return admin.post(
        reverse("drafts:draft_execute", args=[draft.pk]),
        {
            "signed_document": signed_pdf(),
            "signed_on": "2000-05-30",
            "reason": "Signed by both parties",
            "confirm_retroactive": "on",
        },
    )


def test_executing_cites_the_signed_document_at_the_places_the_draft_gives(client_as, fifth, media):
    admin = client_as("admin")
    draft = start_draft(admin, fifth["agreement"])
    data = draft_post(draft, fifth, **{"discounts-0-cited_place": "page 2"})
    data.update(management("provisions", 1))
    data.update(
        {
            "provisions-0-action": "add",
            "provisions-0-part": "Amendment",
            "provisions-0-section": "6",
            "provisions-0-title": "Counterparts",
            "provisions-0-text": "This Amendment may be signed in counterparts.",
            "provisions-0-cited_place": "§6",
        }
    )
    assert admin.post(draft.get_absolute_url(), data).status_code == 302
    draft.refresh_from_db()
    assert draft.discount_changes.get().cited_place == "page 2"

    response = execute(admin, draft)
    assert response.status_code == 302, response.content.decode()[:3000]
    amendment = Amendment.objects.get(agreement=fifth["agreement"], number=5)
    signed = Document.objects.get(amendment=amendment)
    line = DiscountLine.objects.get(amendment=amendment)
    assert (line.cited_document, line.cited_place) == (signed, "page 2")
    version = ProvisionVersion.objects.get(amendment=amendment)
    assert (version.cited_document, version.cited_place) == (signed, "§6")

    page = client_as("buyer").get(line.product.get_absolute_url()).content.decode()
    assert "page 2" in page
    assert signed.get_absolute_url() in page
    assert "As the document prints it" not in page  # a PDF: the place and the download, no passage

    amendment_page = client_as("buyer").get(amendment.get_absolute_url()).content.decode()
    assert "§6" in amendment_page and signed.get_absolute_url() in amendment_page


def test_a_part_without_a_place_cites_nothing(client_as, fifth, media):
    admin = client_as("admin")
    draft = start_draft(admin, fifth["agreement"])
    assert admin.post(draft.get_absolute_url(), draft_post(draft, fifth)).status_code == 302
    assert execute(admin, draft).status_code == 302
    line = DiscountLine.objects.get(amendment__number=5)
    assert (line.cited_document, line.cited_place) == (None, "")


def test_a_failed_execution_keeps_neither_the_document_nor_its_file(client_as, fifth, media):
    from releases.models import Release

    admin = client_as("admin")
    draft = start_draft(admin, fifth["agreement"])
    ambiguous = Release.objects.filter(column_ambiguous=True).first()
    data = draft_post(draft, fifth, **{"releases-0-release": str(ambiguous.pk), "discounts-0-cited_place": "page 2"})
    assert admin.post(draft.get_absolute_url(), data).status_code == 302
    assert execute(admin, draft).status_code == 400
    assert not Document.objects.filter(amendment__number=5).exists()
    stored = list((media / "documents").rglob("*.pdf")) if (media / "documents").exists() else []
    assert stored == []
