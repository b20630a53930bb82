"""Citations: a provision version or discount line names a place in one of its agreement's documents,
and the pages show that passage next to the term."""

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contracts import citations
from contracts.citations import MAX_PASSAGE_LINES, line_range, passage
from contracts.datafile import DataFileError
from contracts.documents import store_document
from contracts.models import Agreement, ProvisionVersion
from core.editing import save_edit, version_of
from ledger.exporting import export_agreement
from ledger.loading import load_agreement_text
from pricing.models import DiscountLine
from tests.contracts.conftest import SEED_FILING, make_pdf
from tests.factories import AgreementFactory

pytestmark = pytest.mark.django_db

FILING_LINES = SEED_FILING.read_text(encoding="utf-8").split("\n")


def text_document(agreement, content: bytes, title="Exhibit"):
    return store_document(
        agreement=agreement,
        title=title,
        uploaded_file=SimpleUploadedFile("exhibit.txt", content),
        user=None,
        reason="Test exhibit",
        kind="text",
    )


@pytest.mark.parametrize(
    ("place", "lines"),
    [
        ("line 12", (12, 12)),
        ("lines 1380–1392", (1380, 1392)),
        ("lines 5-7", (5, 7)),
        ("Lines 5 – 7", (5, 7)),
        ("  line 3  ", (3, 3)),
        ("page 3", None),
        ("§2(a)", None),
        ("lines 5 to 7", None),
        ("lines", None),
        ("", None),
    ],
)
def test_a_place_is_a_line_range_only_when_it_says_lines(place, lines):
    assert line_range(place) == lines


def test_the_passage_is_the_lines_as_the_document_prints_them(seed_filing):
    found = passage(seed_filing, "lines 57–60")
    assert found is not None
    assert found.text == "\n".join(FILING_LINES[56:60])
    assert "DDM-2000 OC-3 hardware & Software\t45%" in found.text
    assert (found.first, found.last, found.cut) == (57, 60, False)
    assert passage(seed_filing, "line 60").text == "DDM-2000 OC-3 hardware & Software\t45%"


def test_a_passage_is_at_most_80_lines(seed_filing):
    found = passage(seed_filing, "lines 100–400")
    assert (found.first, found.last, found.cut) == (100, 100 + MAX_PASSAGE_LINES - 1, True)
    assert found.text.split("\n") == FILING_LINES[99 : 99 + MAX_PASSAGE_LINES]


def test_no_passage_past_the_end_nor_for_other_places_nor_for_a_pdf(seed_filing):
    assert passage(seed_filing, f"lines {len(FILING_LINES) + 5}–{len(FILING_LINES) + 9}") is None
    assert passage(seed_filing, "page 3") is None
    assert passage(seed_filing, "lines 9–3") is None
    pdf = store_document(
        agreement=seed_filing.agreement,
        title="Signed",
        uploaded_file=SimpleUploadedFile("s.pdf", make_pdf()),
        user=None,
        reason="Signed copy",
    )
    assert passage(pdf, "line 1") is None


def test_the_last_line_counts_without_a_final_newline_and_crlf_is_dropped(media_root):
    document = text_document(AgreementFactory(), b"first\r\nsecond\r\nthird")
    assert passage(document, "lines 2-3").text == "second\nthird"
    assert passage(document, "line 4") is None


def test_a_passage_reads_only_up_to_its_last_line(media_root, monkeypatch):
    big = b"".join(b"line %d of a long exhibit\n" % n for n in range(1, 200_001))  # about 5 MB
    document = text_document(AgreementFactory(), big)
    chunks = []
    reader = citations.read_chunks

    def counted(handle):
        for chunk in reader(handle):
            chunks.append(len(chunk))
            yield chunk

    monkeypatch.setattr(citations, "read_chunks", counted)
    assert (
        passage(document, "lines 10–12").text
        == "line 10 of a long exhibit\nline 11 of a long exhibit\nline 12 of a long exhibit"
    )
    assert len(chunks) == 1  # one 64 KiB chunk of a 5 MB file
    chunks.clear()
    assert passage(document, "line 150000").text == "line 150000 of a long exhibit"
    assert sum(chunks) < len(big)


def test_a_very_long_line_is_cut(media_root):
    document = text_document(AgreementFactory(), b"x" * 200_000 + b"\nnext\n")
    assert len(passage(document, "line 1").text) == citations._MAX_LINE_CHARS
    assert passage(document, "line 2").text == "next"


def ddm_plus():
    return DiscountLine.objects.get(product_as_written="DDM PLUS", table__amendment__number=2)


def test_a_citation_needs_a_document_of_the_same_agreement_and_a_place(seed_filing):
    line = ddm_plus()
    line.cited_place = "line 58"
    with pytest.raises(ValidationError) as refused:
        line.full_clean()
    assert "cited_document" in refused.value.message_dict
    line.cited_document, line.cited_place = seed_filing, ""
    with pytest.raises(ValidationError) as refused:
        line.full_clean()
    assert "cited_place" in refused.value.message_dict
    line.cited_place = "lines 60–58"
    with pytest.raises(ValidationError, match="ends before it starts"):
        line.full_clean()
    other = text_document(AgreementFactory(), b"another agreement's exhibit\n")
    version = ProvisionVersion.objects.filter(provision__agreement=seed_filing.agreement).first()
    version.cited_document, version.cited_place = other, "line 1"
    with pytest.raises(ValidationError) as refused:
        version.full_clean()
    assert "another agreement" in " ".join(refused.value.message_dict["cited_document"])
    version.cited_document = seed_filing
    version.full_clean()


def cite(record, document, place):
    record.cited_document, record.cited_place = document, place
    return save_edit(record, reason="Cited", base_version=version_of(record))


def test_product_page_shows_the_place_and_the_passage(seed_filing, client_as):
    line = cite(ddm_plus(), seed_filing, "line 58")
    page = client_as("buyer").get(line.product.get_absolute_url()).content.decode()
    assert "line 58" in page
    assert seed_filing.get_absolute_url() in page
    assert "As the document prints it" in page
    assert "DDM PLUS\t27%" in page


def test_a_stored_file_that_cannot_be_read_still_shows_the_place(seed_filing, client_as, settings, tmp_path):
    line = cite(ddm_plus(), seed_filing, "line 58")
    settings.MEDIA_ROOT = tmp_path / "elsewhere"  # the stored file is not there
    response = client_as("buyer").get(line.product.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "line 58" in page and "As the document prints it" not in page


def test_product_page_reads_citations_without_a_query_per_line(seed_filing, client_as, django_assert_num_queries):
    lines = list(DiscountLine.objects.filter(product__name="DDM-2000 OC-12").order_by("pk"))
    assert len(lines) >= 3
    client = client_as("buyer")
    url = lines[0].product.get_absolute_url()
    cite(lines[0], seed_filing, "line 62")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for number, line in enumerate(lines[1:], start=63):
        cite(line, seed_filing, f"line {number}")
    with django_assert_num_queries(len(one.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count("As the document prints it") == len(lines)


def test_amendment_page_shows_a_provision_versions_place(seed_filing, client_as):
    version = ProvisionVersion.objects.filter(amendment__number=2).select_related("amendment").first()
    cite(version, seed_filing, "§2(a)")
    page = client_as("auditor").get(version.amendment.get_absolute_url()).content.decode()
    assert "§2(a)" in page and seed_filing.get_absolute_url() in page


# The data file.


def exported():
    return yaml.safe_load(export_agreement(Agreement.objects.get(contract_number="LNM970313MP")))


def first_cell(data, row_key="ddm-plus"):
    table = next(t for t in data["discount_tables"] if any(r["key"] == row_key for r in t["rows"]))
    return next(r for r in table["rows"] if r["key"] == row_key)["cells"][0]


def test_cites_are_exported_and_loaded_back(seed_filing):
    cite(ddm_plus(), seed_filing, "line 58")
    data = exported()
    assert first_cell(data)["cites"] == {"document": seed_filing.title, "place": "line 58"}
    cell = first_cell(data, "ddm-2000-fiberreach-oc-1")
    cell["cites"] = {"document": seed_filing.sha256[:12], "place": "line 59"}
    cited_amendment = next(i for i, a in enumerate(data["amendments"]) if a["changes"]["provisions"])
    version = data["amendments"][cited_amendment]["changes"]["provisions"][0]
    version["cites"] = {"document": seed_filing.title, "place": "lines 55–56"}
    report = load_agreement_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "cited.yaml")
    assert report.changed
    fiberreach = DiscountLine.objects.get(product_as_written="DDM-2000 FiberReach OC-1", table__amendment__number=2)
    assert (fiberreach.cited_document, fiberreach.cited_place) == (seed_filing, "line 59")
    again = exported()
    assert first_cell(again, "ddm-2000-fiberreach-oc-1")["cites"] == {"document": seed_filing.title, "place": "line 59"}
    assert again["amendments"][cited_amendment]["changes"]["provisions"][0]["cites"]["place"] == "lines 55–56"
    text = export_agreement(Agreement.objects.get(contract_number="LNM970313MP"))
    assert not load_agreement_text(text, "again.yaml").changed  # loading the export changes nothing


def test_a_cite_to_a_document_the_database_lacks_is_refused_with_its_place(seed_filing):
    data = exported()
    first_cell(data)["cites"] = {"document": "Amendment 9, signed", "place": "page 2"}
    with pytest.raises(DataFileError) as refused:
        load_agreement_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "cited.yaml")
    [error] = refused.value.errors
    assert error.path.endswith(".cells[0].cites.document") and error.path.startswith("discount_tables[")
    assert "no document 'Amendment 9, signed'" in error.message
    assert ddm_plus().cited_document is None  # nothing written


def test_a_cite_needs_both_document_and_place(seed_filing):
    data = exported()
    first_cell(data)["cites"] = {"document": seed_filing.title}
    with pytest.raises(DataFileError, match=r"cites\.place: is required"):
        load_agreement_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "cited.yaml")
    first_cell(data)["cites"] = {"document": seed_filing.title, "place": "line 58", "page": 3}
    with pytest.raises(DataFileError, match="unknown key 'page'"):
        load_agreement_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "cited.yaml")


def test_two_documents_with_one_title_are_named_by_their_sha256(seed_filing):
    twin = text_document(seed_filing.agreement, b"a second exhibit\n", title=seed_filing.title)
    cite(ddm_plus(), twin, "line 1")
    cell = first_cell(exported())
    assert cell["cites"] == {"document": twin.sha256[:12], "place": "line 1"}


def test_the_amendment_page_shows_a_provision_next_to_its_passage(client_as, seed):
    from django.urls import reverse

    from contracts.models import ProvisionVersion

    filing = seed.documents.get()
    version = ProvisionVersion.objects.get(key="am2-s5a-network-standardization")
    version.cited_document, version.cited_place = filing, "line 51"
    version.save()
    printed = filing.file.open("rb").read().decode().splitlines()[50].strip()
    page = client_as("buyer").get(reverse("ledger:amendment_detail", args=[version.amendment_id])).content.decode()
    assert "line 51" in page and "As the document prints it" in page
    assert printed[:60] in page.replace("&#x27;", "'").replace("&quot;", '"')
