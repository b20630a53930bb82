"""Drafting with several agreements from several sellers: nothing assumes there is one."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contracts.models import Agreement, LegalEntity
from drafts.models import AmendmentDraft
from ledger.portfolio import generate_portfolio
from tests.core.test_access_matrix import _allows_get, _concrete, routes
from tests.drafts.conftest import draft_post, signed_pdf
from tests.drafts.test_drafting import start_draft
from tests.factories import LegalEntityFactory

pytestmark = pytest.mark.django_db


def _new_agreement(client, seller):
    response = client.post(
        reverse("drafts:agreement_create"),
        {
            "new_title": "Supply Agreement",
            "new_contract_number": "NT-2001-7",
            "new_seller": seller.slug,
            "effective_date": "2001-01-01",
            "term_expiry_date": "2004-12-31",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    draft = AmendmentDraft.objects.get(new_contract_number="NT-2001-7")
    response = client.post(
        reverse("drafts:draft_execute", args=[draft.pk]),
        {"signed_document": signed_pdf("nt.pdf"), "signed_on": "2000-12-20", "reason": "Signed"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Agreement.objects.get(contract_number="NT-2001-7")


def test_every_page_answers_with_two_agreements_of_two_sellers(client_as, users, fifth, media):
    seller = LegalEntityFactory(name="Northern Telecom Inc.", slug="northern-telecom")
    admin = client_as("admin")
    second = _new_agreement(admin, seller)
    assert second.seller == seller and Agreement.objects.count() == 2
    broken = []
    for role in ("admin", "buyer", "auditor"):
        reader = Client()
        reader.force_login(users[role])
        for name, pattern in routes():
            if not _allows_get(pattern):
                continue
            url, _ = _concrete(name, pattern)
            for query in ("", "?on=2001-06-01", f"?agreement={second.contract_number}"):
                status = reader.get(url + query).status_code
                if status >= 500:
                    broken.append((role, url + query, status))
    assert broken == []


def test_the_draft_page_costs_the_same_however_many_agreements(client_as, fifth, media):
    admin = client_as("admin")
    draft = start_draft(admin, fifth["agreement"])
    assert admin.post(draft.get_absolute_url(), draft_post(draft, fifth)).status_code == 302

    def page_queries():
        with CaptureQueriesContext(connection) as queries:
            response = admin.get(draft.get_absolute_url())
        assert response.status_code == 200
        return len(queries), len(response.content)

    page_queries()  # shows (and consumes) the "Draft saved" message
    alone, size_alone = page_queries()
    generate_portfolio(agreements=20, seed=77, edits_per_record=0)
    assert Agreement.objects.count() == 21
    many, size_many = page_queries()
    assert many == alone
    assert size_many == size_alone  # the pickers list the draft's agreement's records only
    assert LegalEntity.objects.count() > 100  # entities are named with suggestions, never listed
