"""Citations: a provision version or discount line may cite a place in one of its agreement's documents.

The page shows the place and a download link next to the term and, for a line range of a text
document, the passage itself ("As the document prints it"), read from storage in chunks and bounded.
Which places can show text, and how a citation is checked, are decided here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from contracts.documents import TEXT, read_chunks
from contracts.models import Agreement, Document

MAX_PASSAGE_LINES = 80
_MAX_LINE_CHARS = 2000  # one printed line; a longer one (a table flattened by extraction) is cut
# "line 12", "lines 1380–1392" (hyphen or en dash); any other place ("page 3", "§2(a)") shows no text.
_LINE_RANGE = re.compile(r"^lines?\s+(\d{1,7})(?:\s*[-–]\s*(\d{1,7}))?$", re.IGNORECASE)


def citation_errors(document: Document | None, place: str, *, agreement_id: int | None) -> dict[str, str]:
    """What is wrong with citing `place` in `document` for a record of `agreement_id` (empty: nothing)."""
    errors = {}
    if document is not None and not place.strip():
        errors["cited_place"] = "Say where in the document (e.g. “lines 1380–1392”, “page 3”, “§2(a)”)."
    if place.strip() and document is None:
        errors["cited_document"] = "Name the document the place is in."
    if document is not None and agreement_id is not None and document.agreement_id != agreement_id:
        errors["cited_document"] = f"“{document}” is a document of another agreement."
    lines = line_range(place)
    if lines is not None and lines[1] < lines[0]:
        errors["cited_place"] = "A line range ends before it starts."
    return errors


def line_range(place: str) -> tuple[int, int] | None:
    """(first, last) line of a place written "line N" or "lines N–M"; None for any other place."""
    match = _LINE_RANGE.match(place.strip())
    if match is None:
        return None
    first = int(match.group(1))
    return first, int(match.group(2) or first)


@dataclass(frozen=True)
class Passage:
    """The lines a citation names, as the document prints them; `cut` when more were asked than shown."""

    first: int
    last: int
    text: str
    cut: bool


def passage(document: Document, place: str) -> Passage | None:
    """The text at `place` in a text document; None for a PDF or a place that is not a line range."""
    return passages([(document, place)]).get((document.pk, place))


def passages(citations: Iterable[tuple[Document, str]]) -> dict[tuple[int, str], Passage]:
    """`passage` for many citations, reading each text document once, streaming, up to its last cited line.

    Keyed by (document id, place); citations without text (a PDF, a place that is not lines) are absent.
    At most `MAX_PASSAGE_LINES` lines per citation are kept.
    """
    wanted: dict[int, tuple[Document, dict[str, tuple[int, int]]]] = {}
    for document, place in citations:
        lines = line_range(place or "")
        if document is None or document.content_type != TEXT or lines is None or lines[1] < lines[0]:
            continue
        first, last = lines
        wanted.setdefault(document.pk, (document, {}))[1][place] = (first, min(last, first + MAX_PASSAGE_LINES - 1))
    found: dict[tuple[int, str], Passage] = {}
    for document, places in wanted.values():
        try:
            texts = _read_lines(document, {n for first, last in places.values() for n in range(first, last + 1)})
        except OSError:
            continue  # the stored file cannot be read: the page still shows the place and the download link
        for place, (first, last) in places.items():
            shown = [texts[n] for n in range(first, last + 1) if n in texts]
            if shown:
                asked = line_range(place)
                cut = asked is not None and asked[1] > last
                found[(document.pk, place)] = Passage(first, first + len(shown) - 1, "\n".join(shown), cut)
    return found


def _read_lines(document: Document, numbers: set[int]) -> dict[int, str]:
    """The lines `numbers` (1-based) of a stored text document, read in chunks up to the last one."""
    if not numbers:
        return {}
    last = max(numbers)
    texts: dict[int, str] = {}
    number, current = 1, bytearray()
    with document.file.open("rb") as handle:
        for chunk in read_chunks(handle):
            start = 0
            while number <= last:
                end = chunk.find(b"\n", start)
                piece = chunk[start:] if end < 0 else chunk[start:end]
                if number in numbers and len(current) < _MAX_LINE_CHARS * 4:
                    current += piece[: _MAX_LINE_CHARS * 4 - len(current)]
                if end < 0:
                    break
                if number in numbers:
                    texts[number] = _line_text(current)
                number, current, start = number + 1, bytearray(), end + 1
            if number > last:
                break
    if number in numbers and number <= last and current:
        texts[number] = _line_text(current)  # the last line, without a final newline
    return texts


def _line_text(raw: bytes | bytearray) -> str:
    return bytes(raw).decode("utf-8", errors="replace").rstrip("\r")[:_MAX_LINE_CHARS]


@dataclass(frozen=True)
class Citation:
    """A record's citation as a page shows it: the document, the place, and the passage when it has text."""

    document: Document
    place: str
    passage: Passage | None


def cite_each(records: Iterable[Any]) -> None:
    """Give each record (with `cited_document` selected) its `citation`, None where it cites nothing.

    The passages are read once per document for all the records (`passages`).
    """
    records = list(records)
    citing = [r for r in records if r.cited_document_id]
    found = passages((r.cited_document, r.cited_place) for r in citing)
    for record in records:
        record.citation = None
    for record in citing:
        passage = found.get((record.cited_document_id, record.cited_place))
        record.citation = Citation(record.cited_document, record.cited_place, passage)


# How the data file names a cited document (documents themselves are not in the file): by its title,
# or, where two of the agreement's documents share a title, by the first 12 hex digits of its SHA-256.
_SHA_PREFIX = re.compile(r"^[0-9a-f]{8,64}$")
SHA_SHOWN = 12


def document_named(agreement: Agreement, reference: str) -> tuple[Document | None, str]:
    """The agreement's document a data file names (title or SHA-256 prefix), or None and why not."""
    documents = agreement.documents.all()
    matches = list(documents.filter(title=reference)[:2])
    if not matches and _SHA_PREFIX.match(reference.lower()):
        matches = list(documents.filter(sha256__startswith=reference.lower())[:2])
    if len(matches) == 1:
        return matches[0], ""
    if matches:
        return None, f"{reference!r} names more than one document of {agreement}: give its SHA-256 prefix instead"
    return None, (
        f"{agreement} has no document {reference!r} (attach it first: documents are not in the data file; "
        "a document is named by its title or the start of its SHA-256)"
    )


def document_references(agreement: Agreement) -> dict[int, str]:
    """How the data file names each of the agreement's documents (see `document_named`)."""
    documents = list(agreement.documents.all())
    titles = [d.title for d in documents]
    return {d.pk: d.title if titles.count(d.title) == 1 else d.sha256[:SHA_SHOWN] for d in documents}
