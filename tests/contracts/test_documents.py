"""Documents: only PDFs without active content are uploaded, by contract admins; every reader downloads
them as attachments that never render; the seed's filing is attached by a command, once."""

import hashlib
import io
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.template import Context, Template
from django.urls import reverse

from contracts import documents
from contracts.documents import CHUNK, check_pdf, store_document
from contracts.models import Document
from tests.contracts.conftest import SEED_FILING, SEED_FILING_TITLE, make_pdf
from tests.factories import AgreementFactory, AmendmentFactory

pytestmark = pytest.mark.django_db

JS_ACTION = b" /OpenAction << /S /JavaScript /JS (app.alert(1)) >>"


def upload_url(agreement):
    return reverse("contracts:document_upload", args=[agreement.pk])


def post_upload(client, agreement, content, *, name="signed.pdf", content_type="application/pdf", **fields):
    data = {"title": "Amendment 5, signed", "reason": "Signed copy received", **fields}
    data["file"] = SimpleUploadedFile(name, content, content_type=content_type)
    return client.post(upload_url(agreement), data)


def stored_files(media_root):
    return sorted(p for p in media_root.rglob("*") if p.is_file()) if media_root.exists() else []


def body(response):
    return b"".join(response.streaming_content)


# --- what may be uploaded ---------------------------------------------------------------------------


REFUSED = {
    "zip renamed .pdf": (b"PK\x03\x04" + b"\x00" * 200, "not a PDF"),
    "html renamed .pdf": (b"<html><script>alert(1)</script></html>%%EOF", "not a PDF"),
    "PDF header, no %%EOF": (make_pdf().replace(b"%%EOF", b"%%END"), "not a PDF"),
    "/JavaScript": (make_pdf(JS_ACTION), "/JavaScript"),
    "/Java#53cript": (make_pdf(b" /OpenAction << /S /Java#53cript /J#53 (x) >>"), "/JavaScript"),
    "/Launch": (make_pdf(b" /OpenAction << /S /Launch /F (cmd.exe) >>"), "/Launch"),
    "/AA": (make_pdf(b" /AA << /O 3 0 R >>"), "/AA"),
    "/EmbeddedFiles": (make_pdf(b" /Names << /EmbeddedFiles 3 0 R >>"), "/EmbeddedFiles"),
    "/XFA": (make_pdf(b" /AcroForm << /XFA 3 0 R >>"), "/XFA"),
    "script in a compressed object stream": (
        make_pdf(
            streams=[(b" /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode", zlib.compress(b"5 0 << /AA 6 0 R >>"))]
        ),
        "/AA",
    ),
    "script in a deflated content stream": (
        make_pdf(streams=[(b" /Filter /FlateDecode", zlib.compress(b"<< /S /JavaScript >>"))]),
        "/JavaScript",
    ),
}


@pytest.mark.parametrize("content, message", REFUSED.values(), ids=REFUSED.keys())
def test_upload_refuses_what_is_not_a_plain_pdf(client_as, media_root, content, message):
    agreement = AgreementFactory()
    response = post_upload(client_as("admin"), agreement, content)
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert any(message in error for error in errors), errors
    assert "Signed document: " in response.content.decode()
    assert not Document.objects.exists()
    assert stored_files(media_root) == []


def test_upload_refuses_an_empty_file(client_as, media_root):
    response = post_upload(client_as("admin"), AgreementFactory(), b"")
    assert "empty" in " ".join(response.context["form"].errors["file"])
    assert not Document.objects.exists()
    with pytest.raises(ValidationError, match="empty"):
        check_pdf(ContentFile(b"", name="x.pdf"))


def test_upload_refuses_a_file_over_the_limit(client_as, media_root, settings):
    settings.DOCUMENT_MAX_BYTES = 1024 * 1024
    within = make_pdf(padding=1024 * 1024 - len(make_pdf()))
    over = make_pdf(padding=1024 * 1024 - len(make_pdf()) + 1)
    client = client_as("admin")
    agreement = AgreementFactory()

    response = post_upload(client, agreement, over)
    assert response.context["form"].errors["file"] == ["This file is larger than the limit of 1 MB."]
    assert post_upload(client, agreement, within).status_code == 302


def test_names_are_read_whole_across_chunk_boundaries():
    # The file is read 64 KiB at a time; each name starts at every offset around the first boundary.
    prefix = make_pdf(b"@").index(b"@")
    for shift in range(-16, 16):
        padding = b" " * (CHUNK - prefix - 8 + shift)
        with pytest.raises(ValidationError, match="/JavaScript"):
            check_pdf(ContentFile(make_pdf(padding + b" /Java#53cript 1"), name="x.pdf"))
        # Cut after "/JS", "/JSON" is still not "/JS".
        check_pdf(ContentFile(make_pdf(padding + b"  /JSON 1"), name="x.pdf"))


def test_longer_names_and_binary_streams_are_not_mistaken_for_active_content():
    content = make_pdf(
        b" /AAA 1 /JSON 2 /OpenAction [2 0 R /Fit]",
        # Raw image bytes may hold "/JS" by chance; only long names count there.
        streams=[(b" /Subtype /Image", b"\x00\x9f/JS \xff/AA\x00")],
    )
    facts = check_pdf(ContentFile(content, name="x.pdf"))
    assert facts.size == len(content)
    assert facts.sha256 == hashlib.sha256(content).hexdigest()


def test_a_compression_bomb_is_refused_without_inflating_it_all(monkeypatch):
    monkeypatch.setattr(documents, "_MAX_INFLATED", 1024 * 1024)
    content = make_pdf(streams=[(b" /Filter /FlateDecode", zlib.compress(b"\x00" * (2 * 1024 * 1024)))])
    with pytest.raises(ValidationError, match="expands too far"):
        check_pdf(ContentFile(content, name="x.pdf"))


# --- storing --------------------------------------------------------------------------------------


def test_upload_stores_a_pdf_under_a_random_name_with_history(client_as, users, media_root):
    amendment = AmendmentFactory()
    content = make_pdf()
    response = post_upload(client_as("admin"), amendment.agreement, content, name="../../x.pdf", amendment=amendment.pk)

    assert response.status_code == 302
    assert response.url == amendment.agreement.get_absolute_url()
    document = Document.objects.get()
    assert (document.agreement, document.amendment, document.title) == (
        amendment.agreement,
        amendment,
        "Amendment 5, signed",
    )
    assert (document.content_type, document.size) == ("application/pdf", len(content))
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.uploaded_by == users["admin"]
    # The uploader's name is kept as a label only: the stored name is random, under the agreement.
    assert document.original_name == "x.pdf"
    assert document.file.name.startswith(f"documents/{amendment.agreement.pk}/")
    assert "x" not in document.file.name.rsplit("/", 1)[1].removesuffix(".pdf").strip("0123456789abcdef")
    assert stored_files(media_root) == [media_root / document.file.name]
    assert (media_root / document.file.name).read_bytes() == content
    (row,) = document.history.all()
    assert (row.history_type, row.history_change_reason, row.history_user) == (
        "+",
        "Signed copy received",
        users["admin"],
    )


def test_upload_needs_a_reason_and_refuses_the_same_file_twice(client_as, media_root):
    agreement = AgreementFactory()
    client = client_as("admin")
    response = post_upload(client, agreement, make_pdf(), reason="\u200b ")
    assert response.context["form"].errors["reason"]
    assert post_upload(client, agreement, make_pdf()).status_code == 302
    response = post_upload(client, agreement, make_pdf(), title="Again")
    assert response.context["form"].errors["file"] == ["This file is already attached as “Amendment 5, signed”."]
    assert Document.objects.count() == 1


def test_upload_offers_only_the_agreements_own_amendments(client_as, media_root):
    agreement = AgreementFactory()
    other = AmendmentFactory()
    response = post_upload(client_as("admin"), agreement, make_pdf(), amendment=other.pk)
    assert response.context["form"].errors["amendment"]
    with pytest.raises(ValidationError) as refused:
        store_document(
            agreement=agreement,
            amendment=other,
            title="t",
            uploaded_file=ContentFile(make_pdf()),
            user=None,
            reason="r",
        )
    assert "amendment" in refused.value.message_dict
    assert not Document.objects.exists()


# --- who may do what ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["buyer", "auditor"])
def test_only_contract_admins_upload(client_as, media_root, role):
    agreement = AgreementFactory()
    client = client_as(role)
    assert client.get(upload_url(agreement)).status_code == 403
    assert post_upload(client, agreement, make_pdf()).status_code == 403
    assert not Document.objects.exists()
    assert stored_files(media_root) == []


def test_anonymous_users_are_sent_to_login(client, media_root):
    agreement = AgreementFactory()
    document = store_document(
        agreement=agreement, title="t", uploaded_file=ContentFile(make_pdf(), name="a.pdf"), user=None, reason="r"
    )
    for url in (upload_url(agreement), document.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    assert post_upload(client, agreement, make_pdf(padding=1)).status_code == 302
    assert Document.objects.count() == 1


@pytest.mark.parametrize("role", ["admin", "buyer", "auditor"])
def test_every_reader_downloads_an_attachment_that_is_not_sniffed(client_as, media_root, role):
    content = make_pdf()
    document = store_document(
        agreement=AgreementFactory(),
        title="Amendment 5 / signed: copy",
        uploaded_file=ContentFile(content, name="whatever.exe"),
        user=None,
        reason="r",
    )
    response = client_as(role).get(document.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Amendment_5_signed_copy.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert "no-store" in response["Cache-Control"]
    assert body(response) == content


def test_a_missing_document_is_404(client_as, media_root):
    assert client_as("buyer").get(reverse("contracts:document_download", args=[999])).status_code == 404


def test_html_is_never_served_as_html(client_as, media_root):
    page = b"<html><body><script>alert(document.cookie)</script></body></html>"
    agreement = AgreementFactory()
    # As an exhibit, HTML is only text.
    as_text = store_document(
        agreement=agreement,
        title="page",
        uploaded_file=ContentFile(page, name="p.html"),
        user=None,
        reason="r",
        kind="text",
    )
    # A record claiming text/html (edited in the admin, say) is still not served as HTML.
    forged = Document(agreement=agreement, title="forged", content_type="text/html", size=len(page), sha256="0" * 64)
    forged.file.save("p.html", ContentFile(page), save=False)
    forged.save()

    client = client_as("buyer")
    text = client.get(as_text.get_absolute_url())
    assert text["Content-Type"] == "text/plain; charset=utf-8"
    assert text["Content-Disposition"].startswith("attachment;")
    opaque = client.get(forged.get_absolute_url())
    assert opaque["Content-Type"] == "application/octet-stream"
    assert opaque["Content-Disposition"] == 'attachment; filename="forged.bin"'
    for response in (text, opaque):
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "html" not in response["Content-Type"]


# --- the documents list ---------------------------------------------------------------------------


@pytest.mark.parametrize("role, can_upload", [("admin", True), ("buyer", False), ("auditor", False)])
def test_documents_list_links_downloads_and_upload_for_admins(users, media_root, role, can_upload):
    amendment = AmendmentFactory()
    agreement = amendment.agreement
    own = store_document(
        agreement=agreement, title="Signed agreement", uploaded_file=ContentFile(make_pdf()), user=None, reason="r"
    )
    signed = store_document(
        agreement=agreement,
        amendment=amendment,
        title="Signed amendment",
        uploaded_file=ContentFile(make_pdf(padding=1)),
        user=users["admin"],
        reason="r",
    )
    template = Template(
        "{% load contracts_documents %}{% agreement_documents agreement %}|{% amendment_documents amendment %}"
    )
    rendered = template.render(Context({"agreement": agreement, "amendment": amendment, "user": users[role]}))
    whole, of_amendment = rendered.split("|")
    assert own.get_absolute_url() in whole and signed.get_absolute_url() in whole
    assert whole.index("Signed agreement") < whole.index("Signed amendment")
    assert signed.get_absolute_url() in of_amendment and own.get_absolute_url() not in of_amendment
    assert f"by {users['admin'].username}" in of_amendment
    assert (upload_url(agreement) in whole) is can_upload
    assert (f"{upload_url(agreement)}?amendment={amendment.pk}" in of_amendment) is can_upload


def test_upload_page_preselects_the_amendment(client_as, media_root):
    amendment = AmendmentFactory()
    response = client_as("admin").get(upload_url(amendment.agreement), {"amendment": amendment.pk})
    assert response.status_code == 200
    assert response.context["form"]["amendment"].value() == str(amendment.pk)


# --- the seed's source document -------------------------------------------------------------------


def test_attach_document_attaches_the_seed_filing_once(seed_filing):
    document = seed_filing
    assert (document.title, document.content_type) == (SEED_FILING_TITLE, "text/plain; charset=utf-8")
    assert document.sha256 == hashlib.sha256(SEED_FILING.read_bytes()).hexdigest()
    assert document.history.get().history_change_reason == "Source document attached"

    out = io.StringIO()
    call_command("attach_document", agreement="LNM970313MP", title="Again", path=str(SEED_FILING), stdout=out)
    assert "nothing changed" in out.getvalue()
    assert Document.objects.count() == 1


def test_the_seed_filing_downloads_as_text(seed_filing, client_as):
    response = client_as("auditor").get(seed_filing.get_absolute_url())
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="SEC_filing_exhibits_EX-10.8_to_EX-27.1.txt"'
    assert b"AMENDMENT NUMBER TWO" in body(response)


def test_attach_document_checks_pdfs_and_names_its_mistakes(seed, media_root, tmp_path, users):
    scripted = tmp_path / "scripted.pdf"
    scripted.write_bytes(make_pdf(JS_ACTION))
    signed = tmp_path / "signed.pdf"
    signed.write_bytes(make_pdf())
    with pytest.raises(CommandError, match="active content"):
        call_command("attach_document", agreement="LNM970313MP", title="t", path=str(scripted))
    with pytest.raises(CommandError, match="no agreement"):
        call_command("attach_document", agreement="NOPE", title="t", path=str(signed))
    with pytest.raises(CommandError, match="no user named 'nobody'"):
        call_command("attach_document", agreement="LNM970313MP", title="t", path=str(signed), user="nobody")
    with pytest.raises(CommandError, match="no amendment 9"):
        call_command("attach_document", agreement="LNM970313MP", amendment=9, title="t", path=str(signed))

    call_command(
        "attach_document",
        agreement="LNM970313MP",
        amendment=3,
        title="Amendment 3",
        path=str(signed),
        reason="Scan",
        user="contract-admin",
    )
    document = Document.objects.get(title="Amendment 3")
    assert (document.amendment.number, document.content_type) == (3, "application/pdf")
    assert (document.uploaded_by, document.history.get().history_user) == (users["admin"], users["admin"])
    assert document.history.get().history_change_reason == "Scan"
