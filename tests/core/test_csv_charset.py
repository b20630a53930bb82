"""Every CSV says it is UTF-8 and starts with a BOM, so "§ 1.15" reaches a spreadsheet intact."""

import codecs
import csv
import io

import pytest
from django.urls import reverse

from core.spreadsheet import SafeCsvWriter, csv_response, streaming_csv_response
from tests.factories import LegalEntityFactory

pytestmark = pytest.mark.django_db

SECTION = "Amendment 3 § 1.15 — Société"


def csv_text(response):
    """The CSV's text, after checking its declared charset and its byte-order mark."""
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body.startswith(codecs.BOM_UTF8)
    assert not body.startswith(codecs.BOM_UTF8 * 2)
    return body.decode("utf-8-sig")


def test_csv_response_round_trips_the_section_sign():
    response = csv_response("x.csv")
    SafeCsvWriter(response).writerow(["clause", SECTION])
    assert list(csv.reader(io.StringIO(csv_text(response)))) == [["clause", SECTION]]
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'


def test_streaming_csv_response_round_trips_the_section_sign():
    response = streaming_csv_response([["clause"], [SECTION], ["=1+1"]], "x.csv")
    assert list(csv.reader(io.StringIO(csv_text(response)))) == [["clause"], [SECTION], ["'=1+1"]]


def test_table_exports(client_as, seed):
    LegalEntityFactory(name=SECTION)
    response = client_as("buyer").get(reverse("contracts:legalentity_list"), {"_export": "csv"})
    assert SECTION in csv_text(response)


def test_quote_csv(client_as, seed):
    from contracts.models import LegalEntity

    params = {
        "agreement": seed.pk,
        "entity": LegalEntity.objects.get(slug="kmc-telecom-iii").pk,
        "on": "2000-03-01",
        "form-TOTAL_FORMS": 1,
        "form-INITIAL_FORMS": 0,
        "form-0-product": SECTION,
        "form-0-quantity": 1,
        "_export": "csv",
    }
    response = client_as("buyer").get(reverse("pricing:quote"), params)
    assert SECTION in csv_text(response)


def test_audit_log_csv(client_as, seed):
    entity = LegalEntityFactory(name="x")
    entity.note = "y"
    entity._change_reason = SECTION
    entity.save()
    response = client_as("auditor").get(reverse("ledger:audit_log"), {"_export": "csv"})
    assert SECTION in csv_text(response)
