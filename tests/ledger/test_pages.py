"""Ledger's agreement pages: as recorded at a moment, compare two points in time, what an amendment changed."""

import pytest
from django.urls import reverse
from django.utils import timezone

from contracts.models import Amendment

pytestmark = pytest.mark.django_db


def test_recorded_page(client_as, seed):
    url = reverse("ledger:agreement_recorded", args=[seed.pk])
    assert client_as("buyer").get(url).status_code == 403
    at = timezone.now().strftime("%Y-%m-%dT%H:%M:%S")
    page = client_as("auditor").get(url, {"recorded_at": at, "on": "2000-01-01"}).content.decode()
    assert "as recorded at" in page and "on 2000-01-01" in page
    assert "No differences." in page


def test_compare_page_for_an_amendment(client_as, seed):
    amendment = Amendment.objects.get(number=3)
    detail = client_as("buyer").get(reverse("ledger:amendment_detail", args=[amendment.pk])).content.decode()
    assert "left-as_agreed=1999-11-14" in detail
    url = reverse("ledger:agreement_compare", args=[seed.pk])
    page = client_as("buyer").get(
        url,
        {
            "left-on": "1999-11-15",
            "left-as_agreed": "1999-11-14",
            "right-on": "1999-11-15",
            "right-as_agreed": "1999-11-15",
        },
    )
    body = page.content.decode()
    assert "KMC Telecom IV, Inc." in body and "yes since 1999-11-15" in body


def test_compare_page_names_bad_dates(client_as, seed):
    url = reverse("ledger:agreement_compare", args=[seed.pk])
    body = client_as("buyer").get(url, {"left-on": "1999-02-30", "right-on": "2000-01-01"}).content.decode()
    assert "Before: on: Enter a valid date." in body
