"""Findings are reviewed by auditors with a note (core.findings), shown on the page of the finding's subject.

On the seed's Exhibit C (Amendment 3's city price comparison): reviewers and auditors see the note,
buyers see only that a finding was reviewed and cannot review one; a note that shows nothing is refused.
"""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.findings import NOTE_REQUIRED, mark_reviewed, review_history, reviews_for, unmark
from core.models import FindingReview, FindingReviewEntry
from pricing.comparison import check_comparison
from pricing.models import PriceComparison

pytestmark = pytest.mark.django_db

NOTE = "Checked against the filed PDF: the printed subtotal is a typo, not a pricing error."


@pytest.fixture
def exhibit_c(seed):
    return PriceComparison.objects.get(amendment__agreement=seed, exhibit="C")


@pytest.fixture
def code(exhibit_c):
    findings = check_comparison(exhibit_c).findings
    assert findings, "the seed's Exhibit C has findings"
    return findings[0].code


def review_url(comparison):
    return reverse("core:finding_review", args=["pricing", "pricecomparison", comparison.pk])


def test_an_auditor_marks_a_finding_reviewed_and_every_role_sees_it(client_as, users, exhibit_c, code):
    auditor = client_as("auditor")
    response = auditor.post(review_url(exhibit_c), {"code": code, "note": NOTE})
    assert response.status_code == 302
    assert response.url == f"{exhibit_c.get_absolute_url()}#{code}"
    review = reviews_for(exhibit_c)[code]
    assert (review.note, review.reviewed_by) == (NOTE, users["auditor"])

    page = auditor.get(exhibit_c.get_absolute_url()).content.decode()
    assert f"Reviewed</strong> by {users['auditor'].get_username()} on {review.reviewed_at:%Y-%m-%d}" in page
    assert "Checked against the filed PDF" in page
    assert "Update note" in page

    admin_page = client_as("admin").get(exhibit_c.get_absolute_url()).content.decode()
    assert "Checked against the filed PDF" in admin_page


def test_a_buyer_sees_reviewed_but_not_the_note_and_cannot_review(client_as, users, exhibit_c, code):
    mark_reviewed(exhibit_c, code, user=users["auditor"], note=NOTE)
    buyer = client_as("buyer")
    page = buyer.get(exhibit_c.get_absolute_url()).content.decode()
    assert "Reviewed</strong> by auditor-1" in page
    assert "Checked against the filed PDF" not in page
    assert "Mark reviewed" not in page and "Update note" not in page

    response = buyer.post(review_url(exhibit_c), {"code": code, "note": "buyer was here"})
    assert response.status_code == 403
    assert reviews_for(exhibit_c)[code].note == NOTE


@pytest.mark.parametrize("note", ["", "   ", "\u200b\u2060", "\u2800"])
def test_a_note_that_shows_nothing_is_refused_with_a_field_error(client_as, exhibit_c, code, note):
    response = client_as("auditor").post(review_url(exhibit_c), {"code": code, "note": note})
    assert response.status_code == 400
    assert response.context["form"].errors["note"] == [NOTE_REQUIRED]
    assert not FindingReview.objects.exists()
    assert not FindingReviewEntry.objects.exists()


def test_the_review_keeps_its_history(users, exhibit_c, code):
    auditor, admin = users["auditor"], users["admin"]
    mark_reviewed(exhibit_c, code, user=auditor, note=NOTE)
    mark_reviewed(exhibit_c, code, user=auditor, note=f"  {NOTE}  ")  # the same note: nothing changes
    mark_reviewed(exhibit_c, code, user=admin, note="Agreed with the auditor.")
    assert reviews_for(exhibit_c)[code].reviewed_by == admin
    assert unmark(exhibit_c, code, user=auditor) is True
    assert unmark(exhibit_c, code, user=auditor) is False
    assert code not in reviews_for(exhibit_c)
    history = [(e.action, e.note, e.user) for e in reversed(review_history(exhibit_c, code))]
    assert history == [
        ("marked", NOTE, auditor),
        ("note_changed", "Agreed with the auditor.", admin),
        ("unmarked", "Agreed with the auditor.", auditor),
    ]


def test_unmark_through_the_page(client_as, users, exhibit_c, code):
    mark_reviewed(exhibit_c, code, user=users["auditor"], note=NOTE)
    response = client_as("auditor").post(review_url(exhibit_c), {"code": code, "unmark": "on"})
    assert response.status_code == 302
    assert reviews_for(exhibit_c) == {}


def test_the_service_refuses_a_blank_note(users, exhibit_c, code):
    with pytest.raises(ValidationError) as refused:
        mark_reviewed(exhibit_c, code, user=users["auditor"], note="\u3164")
    assert "note" in refused.value.message_dict


def test_only_viewable_audited_records_can_be_reviewed(client_as, exhibit_c, code):
    auditor = client_as("auditor")
    missing = reverse("core:finding_review", args=["pricing", "pricecomparison", exhibit_c.pk + 10_000])
    assert auditor.post(missing, {"code": code, "note": NOTE}).status_code == 404
    not_audited = reverse("core:finding_review", args=["core", "historylink", 1])
    assert auditor.post(not_audited, {"code": code, "note": NOTE}).status_code == 404
    assert auditor.get(review_url(exhibit_c)).status_code == 405


def test_the_page_reads_reviews_in_one_query(client_as, users, exhibit_c):
    codes = [f.code for f in check_comparison(exhibit_c).findings]
    client = client_as("auditor")
    client.get(exhibit_c.get_absolute_url())  # warm caches (content types, session)
    with CaptureQueriesContext(connection) as none_reviewed:
        client.get(exhibit_c.get_absolute_url())
    for code in codes:
        mark_reviewed(exhibit_c, code, user=users["auditor"], note=NOTE)
    with CaptureQueriesContext(connection) as all_reviewed:
        client.get(exhibit_c.get_absolute_url())
    assert len(all_reviewed) == len(none_reviewed)
