"""Drafting, previewing and executing an amendment through the contract admin's pages."""

from datetime import date

import pytest
from django.urls import reverse

from contracts.models import Amendment, CustomerMembership, Document
from core.editing import version_of
from drafts.models import AmendmentDraft
from pricing.models import DiscountLine
from releases.models import Release
from tests.drafts.conftest import EFFECTIVE, EMPTY_PARTS, draft_post, management, signed_pdf

pytestmark = pytest.mark.django_db


def start_draft(client, agreement):
    response = client.post(
        reverse("drafts:draft_create", args=[agreement.pk]),
        {"number": "5", "effective_date": EFFECTIVE.isoformat(), "title": "Amendment No. 5"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return AmendmentDraft.objects.get()


def discount_on(api, on, as_agreed=None):
    params = {"q": "DDM-2000 OC-3", "on": on}
    if as_agreed:
        params["as_agreed"] = as_agreed
    rows = api.get("/api/v1/discounts/", params).json()["results"]
    return sorted({(r["product_as_written"], r["percent"]) for r in rows if r["component"] == "hardware_and_software"})


def test_agreement_page_offers_a_new_amendment_to_admins_only(client_as, seed):
    url = reverse("drafts:draft_create", args=[seed.pk])
    assert url in client_as("admin").get(seed.get_absolute_url()).content.decode()
    assert url not in client_as("buyer").get(seed.get_absolute_url()).content.decode()


def test_the_fifth_amendment_from_draft_to_execution(client_as, api_client_as, fifth, media):
    admin = client_as("admin")
    draft = start_draft(admin, fifth["agreement"])
    response = admin.post(draft.get_absolute_url(), draft_post(draft, fifth))
    assert response.status_code == 302, response.content.decode()[:3000]

    page = admin.get(draft.get_absolute_url()).content.decode()
    # The preview: the price effect with old and new percent, the eligibility, the release, the warnings.
    assert "45% — Amendment 2" in page and "48% — Amendment 5 §3" in page
    assert "KMC Telecom V, Inc." in page and "not a Customer" in page
    assert "3Q00" in page
    assert "Retroactive:" in page
    # Nothing counts yet.
    buyer_api = api_client_as("buyer")
    assert discount_on(buyer_api, "2000-04-01") == [("DDM-2000 OC-3 hardware & Software", "45.00")]
    assert not CustomerMembership.objects.filter(entity=fifth["entity"]).exists()

    refused = admin.post(
        reverse("drafts:draft_execute", args=[draft.pk]),
        {"signed_document": signed_pdf(), "signed_on": "2000-05-30", "reason": "Signed by both parties"},
    )
    assert refused.status_code == 400
    assert "Confirm the retroactive dates" in refused.content.decode()
    assert not Amendment.objects.filter(number=5).exists()

    executed = admin.post(
        reverse("drafts:draft_execute", args=[draft.pk]),
        {
            "signed_document": signed_pdf(),
            "signed_on": "2000-05-30",
            "reason": "Signed by both parties",
            "confirm_retroactive": "on",
        },
    )
    assert executed.status_code == 302, executed.content.decode()[:3000]
    amendment = Amendment.objects.get(agreement=fifth["agreement"], number=5)
    assert executed.url == amendment.get_absolute_url()
    draft.refresh_from_db()
    assert draft.status == AmendmentDraft.Status.EXECUTED and draft.executed_amendment == amendment

    # Buyers get the new answer from the replacement's start, the old one before it and as agreed before.
    assert discount_on(buyer_api, "2000-04-01") == [("DDM-2000 OC-3 hardware & Software", "48.00")]
    assert discount_on(buyer_api, "2000-02-28") == [("DDM-2000 OC-3 hardware & Software", "45.00")]
    assert discount_on(buyer_api, "2000-04-01", as_agreed="2000-05-31") == [
        ("DDM-2000 OC-3 hardware & Software", "45.00")
    ]
    assert CustomerMembership.objects.get(entity=fifth["entity"]).added_by == amendment
    assert Release.objects.get(pk=fifth["release"].pk).ga_as_written == "3Q00"
    assert fifth["agreement"].term_versions.get(amendment=amendment).expiry_date == date(2005, 3, 5)
    document = Document.objects.get(amendment=amendment)
    assert document.content_type == "application/pdf"
    # Every record written carries the reason.
    new_line = DiscountLine.objects.get(amendment=amendment)
    assert new_line.history.get().history_change_reason == "Amendment 5 executed: Signed by both parties"


def test_a_draft_that_cannot_be_applied_leaves_nothing_written(client_as, fifth, media):
    admin = client_as("admin")
    draft = start_draft(admin, fifth["agreement"])
    ambiguous = Release.objects.filter(column_ambiguous=True).first()
    data = draft_post(draft, fifth, **{"releases-0-release": str(ambiguous.pk)})
    assert admin.post(draft.get_absolute_url(), data).status_code == 302
    lines, memberships = DiscountLine.objects.count(), CustomerMembership.objects.count()
    response = admin.post(
        reverse("drafts:draft_execute", args=[draft.pk]),
        {"signed_document": signed_pdf(), "signed_on": "2000-05-30", "reason": "Signed", "confirm_retroactive": "on"},
    )
    assert response.status_code == 400
    assert "resolve it first" in response.content.decode()
    assert (DiscountLine.objects.count(), CustomerMembership.objects.count()) == (lines, memberships)
    assert not Amendment.objects.filter(number=5).exists()
    assert not Document.objects.filter(amendment__number=5).exists()
    draft.refresh_from_db()
    assert draft.status == AmendmentDraft.Status.DRAFT


def test_a_stale_draft_edit_answers_409(client_as, fifth):
    admin = client_as("admin")
    draft = start_draft(admin, fifth["agreement"])
    opened = draft_post(draft, fifth)
    assert admin.post(draft.get_absolute_url(), opened).status_code == 302
    response = admin.post(draft.get_absolute_url(), {**opened, "title": "Another title"})
    assert response.status_code == 409
    assert "after you opened it" in response.content.decode()
    draft.refresh_from_db()
    assert draft.title == "Amendment No. 5 to the General Agreement"


def test_bad_input_names_the_field(client_as, fifth):
    admin = client_as("admin")
    draft = start_draft(admin, fifth["agreement"])
    data = draft_post(draft, fifth, **{"discounts-0-percent": "", "customers-0-entity": "No Such Company"})
    response = admin.post(draft.get_absolute_url(), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Give the percent (0 is a real 0%)" in page
    assert "No legal entity has the key, id or name" in page


def test_uploads_refused(client_as, fifth, media):
    admin = client_as("admin")
    draft = start_draft(admin, fifth["agreement"])
    assert admin.post(draft.get_absolute_url(), draft_post(draft, fifth)).status_code == 302
    from django.core.files.uploadedfile import SimpleUploadedFile

    for upload in (
        SimpleUploadedFile("a.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf"),
        SimpleUploadedFile("a.pdf", b"%PDF-1.4\n1 0 obj<</S/JavaScript/JS(app.alert(1))>>endobj\n%%EOF\n"),
    ):
        response = admin.post(
            reverse("drafts:draft_execute", args=[draft.pk]),
            {"signed_document": upload, "signed_on": "2000-05-30", "reason": "Signed", "confirm_retroactive": "on"},
        )
        assert response.status_code == 400
    assert not Amendment.objects.filter(number=5).exists()


def test_four_eyes(client_as, fifth, media, django_user_model):
    from tests.conftest import make_user

    agreement = fifth["agreement"]
    agreement.requires_second_approval = True
    agreement.save()
    admin = client_as("admin")
    draft = start_draft(admin, agreement)
    assert admin.post(draft.get_absolute_url(), draft_post(draft, fifth)).status_code == 302
    execute = {"signed_on": "2000-05-30", "reason": "Signed", "confirm_retroactive": "on"}
    response = admin.post(
        reverse("drafts:draft_execute", args=[draft.pk]), {**execute, "signed_document": signed_pdf()}
    )
    assert response.status_code == 400 and "approved by someone other than its author" in response.content.decode()
    response = admin.post(reverse("drafts:draft_approve", args=[draft.pk]), {"reason": "Looks right"})
    assert response.status_code == 400 and "author of a draft cannot approve it" in response.content.decode()
    second = make_user(django_user_model, "second-admin", "admin")
    admin.force_login(second)
    assert admin.post(reverse("drafts:draft_approve", args=[draft.pk]), {"reason": "Checked"}).status_code == 302
    response = admin.post(
        reverse("drafts:draft_execute", args=[draft.pk]), {**execute, "signed_document": signed_pdf()}
    )
    assert response.status_code == 302
    assert Amendment.objects.filter(number=5).exists()


def test_buyers_do_not_see_drafts(client_as, fifth):
    draft = start_draft(client_as("admin"), fifth["agreement"])
    assert client_as("buyer").get(draft.get_absolute_url()).status_code == 403
    assert client_as("auditor").get(draft.get_absolute_url()).status_code == 200
    assert client_as("auditor").post(draft.get_absolute_url(), {}).status_code == 403


def test_a_new_agreement_through_the_same_flow(client_as, seed, media):
    from contracts.models import Agreement

    admin = client_as("admin")
    response = admin.post(
        reverse("drafts:agreement_create"),
        {
            "new_title": "General Agreement",
            "new_contract_number": "LNM010101XY",
            "new_seller": "Lucent Technologies Inc.",
            "effective_date": "2001-01-01",
            "term_expiry_date": "2004-12-31",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    draft = AmendmentDraft.objects.get(new_contract_number="LNM010101XY")
    data = {
        "number": "0",
        "effective_date": "2001-01-01",
        "title": "General Agreement as signed",
        "term_expiry_date": "2004-12-31",
        "term_section": "1.2",
        "note": "",
        "base_version": str(version_of(draft)),
    }
    for prefix in EMPTY_PARTS:
        data.update(management(prefix, 0))
    data.update(management("customers", 1))
    data.update({"customers-0-action": "add", "customers-0-entity": "kmc-telecom-inc"})
    data.update(management("discounts", 1))
    data.update(
        {
            "discounts-0-action": "add",
            "discounts-0-new_schedule_section": "A-1.1",
            "discounts-0-new_schedule_title": "Switching products",
            "discounts-0-product_name": "5ESS-2000 Switch",
            "discounts-0-percent": "0",
        }
    )
    assert admin.post(draft.get_absolute_url(), data).status_code == 302
    assert not Agreement.objects.filter(contract_number="LNM010101XY").exists()
    executed = admin.post(
        reverse("drafts:draft_execute", args=[draft.pk]),
        {"signed_document": signed_pdf(), "signed_on": "2000-12-20", "reason": "New agreement signed"},
    )
    assert executed.status_code == 302, executed.content.decode()[:3000]
    agreement = Agreement.objects.get(contract_number="LNM010101XY")
    assert agreement.memberships.get().entity.slug == "kmc-telecom-inc"
    line = DiscountLine.objects.get(table__schedule__agreement=agreement)
    assert line.percent == 0 and line.percent_as_written == "0%"  # a real zero, not unknown
    assert agreement.term_versions.get().expiry_date == date(2004, 12, 31)


def test_the_audit_log_tells_amendment_changes_from_corrections(client_as, fifth, media):
    admin = client_as("admin")
    draft = start_draft(admin, fifth["agreement"])
    assert admin.post(draft.get_absolute_url(), draft_post(draft, fifth)).status_code == 302
    execute = {"signed_on": "2000-05-30", "reason": "Signed", "confirm_retroactive": "on"}
    admin.post(reverse("drafts:draft_execute", args=[draft.pk]), {**execute, "signed_document": signed_pdf()})
    line = DiscountLine.objects.get(amendment__number=5)
    url = reverse("admin:pricing_discountline_change", args=[line.pk])
    from tests.core.test_write_paths import _admin_post_data

    data = {**_admin_post_data(admin.get(url).content.decode()), "percent": "47", "change_reason": "Typo: 47%"}
    assert admin.post(url, data).status_code == 302

    log = client_as("auditor").get(reverse("ledger:audit_log"), {"amendment": "LNM970313MP/5"}).content.decode()
    release_log = client_as("auditor").get(reverse("ledger:audit_log"), {"model": "releases.release"}).content.decode()
    assert "correction" in log and "Typo: 47%" in log
    assert "changed by an amendment" in release_log and "Amendment 5 executed: Signed" in release_log


def test_withdrawn_drafts_stay_listed_and_cannot_be_edited(client_as, fifth):
    admin = client_as("admin")
    draft = start_draft(admin, fifth["agreement"])
    assert admin.post(reverse("drafts:draft_withdraw", args=[draft.pk]), {"reason": " \u200b "}).status_code == 400
    assert admin.post(reverse("drafts:draft_withdraw", args=[draft.pk]), {"reason": "Not signed"}).status_code == 302
    draft.refresh_from_db()
    assert draft.status == AmendmentDraft.Status.WITHDRAWN
    listing = admin.get(reverse("drafts:draft_list"), {"agreement": fifth["agreement"].pk}).content.decode()
    assert "Withdrawn" in listing and draft.get_absolute_url() in listing
    assert admin.post(draft.get_absolute_url(), draft_post(draft, fifth)).status_code == 409
    response = admin.post(
        reverse("drafts:draft_execute", args=[draft.pk]),
        {"signed_document": signed_pdf(), "signed_on": "2000-05-30", "reason": "Signed", "confirm_retroactive": "on"},
    )
    assert response.status_code == 400 and "withdrawn" in response.content.decode()


def test_a_new_draft_refuses_bad_input(client_as, fifth):
    admin = client_as("admin")
    url = reverse("drafts:draft_create", args=[fifth["agreement"].pk])
    response = admin.post(url, {"number": "4", "effective_date": "1990-02-30"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Effective date: Enter a valid date." in page
    response = admin.post(url, {"number": "4", "effective_date": "2000-06-01"})
    assert "Amendment number: Amendment 4 of LNM970313MP already exists." in response.content.decode()
    response = admin.post(url, {"number": "6", "effective_date": "1990-01-01"})
    assert "cannot take effect before its agreement" in response.content.decode()
    assert not AmendmentDraft.objects.exists()


def test_drafts_are_in_the_navigation_of_those_who_see_them(client_as, seed):
    assert reverse("drafts:draft_list") in client_as("auditor").get("/").content.decode()
    assert reverse("drafts:draft_list") not in client_as("buyer").get("/").content.decode()


def test_an_executed_draft_cannot_be_withdrawn_or_executed_again(client_as, fifth, media):
    admin = client_as("admin")
    draft = start_draft(admin, fifth["agreement"])
    assert admin.post(draft.get_absolute_url(), draft_post(draft, fifth)).status_code == 302
    execute = {"signed_on": "2000-05-30", "reason": "Signed", "confirm_retroactive": "on"}
    url = reverse("drafts:draft_execute", args=[draft.pk])
    assert admin.post(url, {**execute, "signed_document": signed_pdf()}).status_code == 302
    again = admin.post(url, {**execute, "signed_document": signed_pdf("again.pdf")})
    assert again.status_code == 400 and "This draft is executed" in again.content.decode()
    withdrawn = admin.post(reverse("drafts:draft_withdraw", args=[draft.pk]), {"reason": "Oops"})
    assert withdrawn.status_code == 400 and "it cannot be withdrawn" in withdrawn.content.decode()
    assert Amendment.objects.filter(number=5).count() == 1
    page = client_as("auditor").get(draft.get_absolute_url()).content.decode()
    assert "Executed as" in page and "Preview" not in page
