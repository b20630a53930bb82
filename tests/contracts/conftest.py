"""Fixtures for the documents' tests: a throwaway media root, PDFs built from bytes, the seed's filing."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

SEED_FILING = Path(__file__).resolve().parents[2] / "data" / "sources" / "000_310fd50be46fe4d8.txt"
SEED_FILING_TITLE = "SEC filing exhibits (EX-10.8 to EX-27.1)"


@pytest.fixture
def media_root(settings, tmp_path):
    """Documents are stored under a temporary MEDIA_ROOT, never under var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def make_pdf(catalog_extra=b"", *, streams=(), padding=0):
    """A small, well-formed PDF: a catalog (with `catalog_extra` in its dictionary), pages, the given
    stream objects (`(dictionary_extra, body)` pairs), `padding` spaces, a trailer and %%EOF."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R" + catalog_extra + b" >>",
        b"<< /Type /Pages /Kids [] /Count 0 >>",
    ]
    for dictionary, body in streams:
        objects.append(b"<< /Length %d%s >>\nstream\n%s\nendstream" % (len(body), dictionary, body))
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    for number, body in enumerate(objects, start=1):
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    out += b" " * padding
    out += b"trailer\n<< /Root 1 0 R /Size %d >>\n%%%%EOF\n" % (len(objects) + 1)
    return bytes(out)


@pytest.fixture
def seed_filing(seed, settings, tmp_path, admin_user):
    """The seed agreement's source filing, as `make seed` attaches it.

    Attached here under a temporary MEDIA_ROOT unless the seed fixture already carries it (then its
    file is where the test settings keep it).
    """
    attached = seed.documents.filter(title=SEED_FILING_TITLE).first()
    if attached is not None:
        return attached
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command(
        "attach_document",
        agreement=seed.contract_number,
        title=SEED_FILING_TITLE,
        path=str(SEED_FILING),
        user=admin_user.username,
        stdout=io.StringIO(),
    )
    return seed.documents.get()
