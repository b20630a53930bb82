"""A fifth amendment to the seed agreement, as the issue describes it, drafted through the app's pages."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from contracts.models import LegalEntity
from pricing.models import DiscountLine
from releases.models import Release

EFFECTIVE = date(2000, 6, 1)
RETROACTIVE_FROM = date(2000, 3, 1)
MINIMAL_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def signed_pdf(name="amendment-5-signed.pdf"):
    return SimpleUploadedFile(name, MINIMAL_PDF, content_type="application/pdf")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def fifth(seed):
    """What the fifth amendment changes: the records it names, from the seed."""
    return {
        "agreement": seed,
        "entity": LegalEntity.objects.get(slug="kmc-telecom-v"),
        "line": DiscountLine.objects.get(
            product_as_written="DDM-2000 OC-3 hardware & Software", table__amendment__number=2
        ),
        "release": Release.objects.get(name_as_written__startswith="R. 3.0 w/UPSR"),
    }


def management(prefix, total, initial=0):
    """A formset's management form fields."""
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "200",
    }


EMPTY_PARTS = ("customers", "provisions", "discounts", "warranties", "releases", "signatures")


def draft_post(draft, fifth, **overrides):
    """The draft page's form as a contract admin fills it in for the fifth amendment."""
    from core.editing import version_of

    data = {
        "number": "5",
        "effective_date": EFFECTIVE.isoformat(),
        "title": "Amendment No. 5 to the General Agreement",
        "term_expiry_date": "2005-03-05",
        "term_section": "2",
        "note": "",
        "base_version": str(version_of(draft)),
    }
    for prefix in EMPTY_PARTS:
        data.update(management(prefix, 0))
    data.update(management("customers", 1))
    data.update(
        {
            "customers-0-action": "add",
            "customers-0-entity": "KMC Telecom V, Inc.",
            "customers-0-on": EFFECTIVE.isoformat(),
            "customers-0-defined_term": "Customer",
            "customers-0-amendment_section": "1",
        }
    )
    data.update(management("discounts", 1))
    data.update(
        {
            "discounts-0-action": "replace",
            "discounts-0-line": str(fifth["line"].pk),
            "discounts-0-percent": "48",
            "discounts-0-valid_from": RETROACTIVE_FROM.isoformat(),
            "discounts-0-amendment_section": "3",
        }
    )
    data.update(management("releases", 1))
    data.update(
        {
            "releases-0-action": "revise",
            "releases-0-release": str(fifth["release"].pk),
            "releases-0-ga_as_written": "3Q00",
            "releases-0-amendment_section": "4",
        }
    )
    data.update(overrides)
    return data
