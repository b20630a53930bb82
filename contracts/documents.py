"""Documents of agreements and amendments: what may be uploaded, and how it is stored.

The one place that decides both. Views, forms (`SignedDocumentField`), the draft execution and the
`attach_document` command call `check_pdf` / `store_document` / `attach_text_document`.

**What a PDF is here.** Decided by content, never by the file name or the browser's content type: it
starts with ``%PDF-`` within its first 1024 bytes and has ``%%EOF`` in its last 1024 bytes; it is not
empty and not larger than ``settings.DOCUMENT_MAX_BYTES``.

**Active content is refused**: names that make a reader run or open something — ``/JavaScript``,
``/JS``, ``/Launch``, ``/AA`` (actions on page or field events), ``/EmbeddedFile(s)``, ``/RichMedia``,
``/XFA``, ``/GoToE``, ``/SubmitForm``, ``/ImportData``. A JavaScript ``/OpenAction`` is caught by
its action type ``/S /JavaScript``; an ``/OpenAction`` that only opens a page is harmless and allowed.
Names are compared after decoding ``#xx`` escapes (``/Java#53cript`` is ``/JavaScript``), exactly
and case-sensitively, as readers compare them.

**Why a byte scan and not a PDF parser.** No PDF library is a dependency (pypdf is not in
requirements), and a parser is itself attack surface for the very files it should refuse. The scan
reads the file in 64 KiB chunks (never whole into memory) and knows just enough PDF syntax:

- outside stream bodies, where dictionaries live, every name is checked;
- every deflated stream body is inflated (``zlib``, streaming, at most ``_MAX_INFLATED`` bytes over
  the whole file, so a "zip bomb" is refused, not expanded). A compressed object stream
  (``/Type /ObjStm``, PDF 1.5+) holds dictionaries: every name in it is checked. One compressed in
  another way, or with a predictor, cannot be checked and is refused;
- other stream bodies (page content, images, fonts), inflated or not, are mostly binary: there only
  the long names are looked for, since 3-byte ones like ``/JS`` occur in random bytes by chance
  (roughly once per hundred MB of random bytes). Every JavaScript action also says ``/S /JavaScript``, a
  long name, so a dictionary hidden where the scan takes it for a stream body still cannot hide a
  script or a launch.

It errs on the side of refusing: the word ``/JavaScript`` inside a text string is refused too.
Stored files are never opened by the app again; downloads are attachments (`contracts.document_views`).
"""

from __future__ import annotations

import codecs
import hashlib
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO, Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File

from contracts.models import Agreement, Amendment, Document
from core.editing import REASON_REQUIRED, clean_reason, save_edit, says_nothing

PDF = "application/pdf"
TEXT = "text/plain; charset=utf-8"
# The content types a download may carry; anything else is sent as opaque bytes.
SERVED_TYPES = frozenset({PDF, TEXT})

CHUNK = 64 * 1024
_HEAD = 1024  # "%PDF-" must start within the first 1024 bytes, "%%EOF" within the last
# Inflating runs at a few hundred MB/s: at most a second or two of checking for the largest upload.
_MAX_INFLATED = 512 * 1024 * 1024
_OVERLAP = 4096  # bytes kept between chunks: longer than any refused name and than a stream's dictionary

ACTIVE_NAMES = frozenset(
    {
        "JavaScript",
        "JS",
        "Launch",
        "AA",
        "EmbeddedFile",
        "EmbeddedFiles",
        "RichMedia",
        "XFA",
        "GoToE",
        "SubmitForm",
        "ImportData",
    }
)
# Long enough not to occur by chance in binary stream data.
_LONG_ACTIVE_NAMES = frozenset(name for name in ACTIVE_NAMES if len(name) >= 5)

# A PDF name: "/" then regular characters (anything but white space and delimiters).
_NAME = re.compile(rb"/([^\x00\t\n\x0c\r ()<>\[\]{}/%]*)")
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
# The keyword opening a stream body (not the end of "endstream"), with its end of line.
_STREAM = re.compile(rb"(?<=[\x00\t\n\x0c\r >])stream(?:\r\n|\n|\r)")
_ENDSTREAM = b"endstream"
# An indirect object's header, "12 0 obj": a stream's dictionary follows the last one before "stream".
_OBJECT_HEADER = re.compile(rb"\d+[\x00\t\n\x0c\r ]+\d+[\x00\t\n\x0c\r ]+obj(?![A-Za-z])")
_FILTERS_OTHER_THAN_FLATE = frozenset(
    {"ASCIIHexDecode", "ASCII85Decode", "LZWDecode", "RunLengthDecode", "Crypt", "DecodeParms"}
)


@dataclass(frozen=True)
class FileFacts:
    """What storing a checked file needs: its size and SHA-256, read in the same pass as the check."""

    size: int
    sha256: str


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _limit_mb() -> str:
    return f"{settings.DOCUMENT_MAX_BYTES / (1024 * 1024):g} MB"


def _too_large() -> ValidationError:
    return _refuse(f"This file is larger than the limit of {_limit_mb()}.", "too_large")


def _chunks(uploaded_file: Any) -> Iterator[bytes]:
    """The file's bytes in chunks, from the start, refusing it as soon as it passes the size limit."""
    limit = settings.DOCUMENT_MAX_BYTES
    declared = getattr(uploaded_file, "size", None)
    if declared is not None and declared > limit:
        raise _too_large()
    uploaded_file.seek(0)
    read = 0
    for chunk in read_chunks(uploaded_file):
        read += len(chunk)
        if read > limit:
            raise _too_large()
        yield chunk
    uploaded_file.seek(0)


def read_chunks(stream: IO[bytes]) -> Iterator[bytes]:
    while chunk := stream.read(CHUNK):
        yield chunk


def _decoded(name: bytes) -> str:
    return _ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), name).decode("latin-1")


def _active_name(data: bytes, names: frozenset[str], *, final: bool) -> str | None:
    """The first refused name in `data`; one touching the end may go on in the next chunk unless `final`."""
    for match in _NAME.finditer(data):
        if match.end() == len(data) and not final:
            continue
        name = _decoded(match.group(1))
        if name in names:
            return name
    return None


def _looks_deflated(body: bytes) -> bool:
    """True if `body` starts with a zlib header (RFC 1950: method 8, check bits)."""
    return len(body) >= 2 and body[0] & 0x0F == 8 and body[0] >> 4 <= 7 and (body[0] * 256 + body[1]) % 31 == 0


class _ActiveContentScan:
    """Feed the file's chunks in order; `found` is the first refused name met, if any.

    Three states: outside streams (every name counts); inside a stream body being inflated (every
    name counts in an object stream, long names in any other); inside the rest of a body, skipped
    up to "endstream" (long names count).
    """

    def __init__(self) -> None:
        self.pending = b""  # bytes not yet fully looked at (the overlap included)
        self.in_stream = False
        self.inflater: Any = None  # a zlib decompressor while inside a deflated stream body
        self.object_stream = False
        self.inflated_pending = b""
        self.inflated_total = 0
        self.found: str | None = None

    def feed(self, chunk: bytes, *, final: bool = False) -> None:
        self.pending += chunk
        progressed = True
        while progressed and self.found is None:
            if not self.in_stream:
                progressed = self._outside_streams(final)
            elif self.inflater is not None:
                progressed = self._inflate(final)
            else:
                progressed = self._skip_body(final)

    def _outside_streams(self, final: bool) -> bool:
        data = self.pending
        keyword = _STREAM.search(data)
        if keyword and (keyword.end() + 2 <= len(data) or final):
            self.found = _active_name(data[: keyword.start()], ACTIVE_NAMES, final=True)
            self.pending = data[keyword.end() :]
            self.in_stream = True
            self._open_stream(data[max(0, keyword.start() - _OVERLAP) : keyword.start()])
            return True
        self.found = _active_name(data, ACTIVE_NAMES, final=final)
        self.pending = b"" if final else data[-_OVERLAP:]
        return False

    def _open_stream(self, before: bytes) -> None:
        """Inflate a deflated body; from its dictionary, tell an object stream (which holds dictionaries)."""
        headers = list(_OBJECT_HEADER.finditer(before))
        dictionary = before[headers[-1].end() :] if headers else before
        names = {_decoded(m.group(1)) for m in _NAME.finditer(dictionary)}
        self.object_stream = "ObjStm" in names
        self.inflated_pending = b""
        self.inflater = None
        if self.object_stream and names & _FILTERS_OTHER_THAN_FLATE:
            raise _refuse(
                "This PDF cannot be checked for scripts (it compresses its objects in an unusual way); "
                "save it again as a plain PDF and upload that.",
                "uncheckable",
            )
        if _looks_deflated(self.pending):
            self.inflater = zlib.decompressobj()
        elif self.object_stream and "Filter" not in names:
            self.inflater = _Passthrough()  # plain PDF syntax: checked like the rest
        elif self.object_stream:
            raise _refuse("This PDF is damaged (a compressed object stream cannot be read).", "damaged")

    def _names(self) -> frozenset[str]:
        return ACTIVE_NAMES if self.object_stream else _LONG_ACTIVE_NAMES

    def _skip_body(self, final: bool) -> bool:
        data = self.pending
        end = data.find(_ENDSTREAM)
        if end >= 0:
            self.found = _active_name(data[:end], _LONG_ACTIVE_NAMES, final=True)
            self.pending = data[end + len(_ENDSTREAM) :]
            self.in_stream = False
            return True
        self.found = _active_name(data, _LONG_ACTIVE_NAMES, final=final)
        self.pending = b"" if final else data[-_OVERLAP:]
        return False

    def _inflate(self, final: bool) -> bool:
        inflater, data = self.inflater, self.pending
        try:
            while data and not inflater.eof:
                out = inflater.decompress(data, CHUNK)
                rest = inflater.unconsumed_tail
                self._inflated(out, final=False)
                if self.found or rest == data:
                    break
                data = rest
        except zlib.error as error:
            if self.object_stream:
                raise _refuse(
                    "This PDF cannot be read to check it for scripts (a compressed object stream is damaged "
                    "or encrypted); save an unprotected copy and upload that.",
                    "damaged",
                ) from error
            # Not deflated after all (binary that happened to look like it): skip it as binary.
            self.inflater = None
            return True
        if inflater.eof or final:
            self._inflated(b"", final=True)
            if not inflater.eof and self.object_stream:
                raise _refuse("This PDF is damaged (a compressed object stream is cut short).", "damaged")
            self.inflater = None  # the rest of the body, up to "endstream", is skipped as binary
            self.pending = inflater.unused_data + data if inflater.eof else data
            return True
        self.pending = data
        return False

    def _inflated(self, out: bytes, *, final: bool) -> None:
        self.inflated_total += len(out)
        if self.inflated_total > _MAX_INFLATED:
            raise _refuse(
                "This PDF cannot be checked for scripts (its compressed content expands too far).", "too_large"
            )
        data = self.inflated_pending + out
        self.found = _active_name(data, self._names(), final=final)
        self.inflated_pending = b"" if final else data[-_OVERLAP:]


class _Passthrough:
    """Stands in for a decompressor where an object stream is not compressed."""

    eof = False
    unconsumed_tail = b""
    unused_data = b""

    def decompress(self, data: bytes, max_length: int) -> bytes:
        end = data.find(_ENDSTREAM)
        if end >= 0:
            self.eof = True
            self.unconsumed_tail = b""
            self.unused_data = data[end:]
            return data[:end]
        keep = len(_ENDSTREAM)  # "endstream" may be cut by the chunk boundary
        self.unconsumed_tail = data[-keep:]
        return data[:-keep] if len(data) > keep else b""


def _facts_of(chunks: Iterable[bytes], inspect: Any = None) -> FileFacts:
    digest = hashlib.sha256()
    size = 0
    for chunk in chunks:
        digest.update(chunk)
        size += len(chunk)
        if inspect is not None:
            inspect(chunk, size)
    if size == 0:
        raise _refuse("This file is empty.", "empty")
    return FileFacts(size=size, sha256=digest.hexdigest())


def check_pdf(uploaded_file: Any) -> FileFacts:
    """Refuse (ValidationError) anything but a PDF without active content within the size limit.

    Returns the file's size and SHA-256, read in the same pass. The file is left at its start.
    """
    scan = _ActiveContentScan()
    head = bytearray()
    tail = b""

    def inspect(chunk: bytes, size: int) -> None:
        nonlocal tail
        if len(head) < _HEAD:
            head.extend(chunk[: _HEAD - len(head)])
            if len(head) >= _HEAD and b"%PDF-" not in head:
                raise _not_a_pdf()
        tail = (tail + chunk)[-_HEAD:]
        scan.feed(chunk)
        if scan.found:
            raise _active(scan.found)

    facts = _facts_of(_chunks(uploaded_file), inspect)
    if b"%PDF-" not in head or b"%%EOF" not in tail:
        raise _not_a_pdf()
    scan.feed(b"", final=True)
    if scan.found:
        raise _active(scan.found)
    return facts


def _not_a_pdf() -> ValidationError:
    return _refuse(
        "This file is not a PDF: its content does not start with “%PDF-” and end with “%%EOF” "
        "(the file name and the type the browser reports are not trusted).",
        "not_pdf",
    )


def _active(name: str) -> ValidationError:
    return _refuse(
        f"This PDF contains active content (/{name}: scripts, launched programs, embedded files or forms "
        "that run code), which is not accepted. Print it to PDF or scan the signed paper copy and upload that.",
        "active_content",
    )


def check_text(uploaded_file: Any) -> FileFacts:
    """Refuse anything but UTF-8 text (no NUL bytes) within the size limit: an exhibit's plain text."""
    decoder = codecs.getincrementaldecoder("utf-8")()

    def inspect(chunk: bytes, size: int) -> None:
        if b"\x00" in chunk:
            raise _refuse("This file is not plain text (it contains NUL bytes).", "not_text")
        try:
            decoder.decode(chunk)
        except UnicodeDecodeError as error:
            raise _refuse("This file is not UTF-8 text.", "not_text") from error

    facts = _facts_of(_chunks(uploaded_file), inspect)
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as error:
        raise _refuse("This file is not UTF-8 text (it ends inside a character).", "not_text") from error
    return facts


_CHECKS = {"pdf": (check_pdf, PDF), "text": (check_text, TEXT)}


def attached_copy(*, agreement: Agreement, amendment: Amendment | None, sha256: str) -> Document | None:
    """The document already holding these exact bytes for this agreement (and amendment), if any."""
    return Document.objects.filter(agreement=agreement, amendment=amendment, sha256=sha256).first()


def store_document(
    *,
    agreement: Agreement,
    amendment: Amendment | None = None,
    title: str,
    uploaded_file: Any,
    user: Any,
    reason: str,
    kind: str = "pdf",
) -> Document:
    """Check the file (`kind` "pdf" or "text"), store it under a random name, record it with `reason`.

    The file goes through the default storage (`STORAGES["default"]`), so several app servers can
    share it. Refused with a ValidationError naming the field: the file (not a PDF, too large, active
    content, already attached), the amendment (of another agreement) or the reason (says nothing).
    """
    check, content_type = _CHECKS[kind]
    reason = clean_reason(reason)
    try:
        facts = check(uploaded_file)
    except ValidationError as error:
        raise ValidationError({"file": error}) from error
    if amendment is not None and amendment.agreement_id != agreement.pk:
        raise ValidationError({"amendment": f"{amendment} is not an amendment of {agreement}."})
    existing = attached_copy(agreement=agreement, amendment=amendment, sha256=facts.sha256)
    if existing is not None:
        raise ValidationError(
            {"file": ValidationError(f"This file is already attached as “{existing.title}”.", code="duplicate")}
        )
    document = Document(
        agreement=agreement,
        amendment=amendment,
        title=title,
        original_name=PurePath(getattr(uploaded_file, "name", "") or "").name[:255],
        content_type=content_type,
        size=facts.size,
        sha256=facts.sha256,
        uploaded_by=user if getattr(user, "pk", None) else None,
    )
    document._history_user = document.uploaded_by  # type: ignore[attr-defined]  # commands have no request
    # The stored name comes from `Document.file`'s upload_to (random), never from the uploader.
    content = uploaded_file if isinstance(uploaded_file, File) else File(uploaded_file)
    document.file.save("upload" + (".pdf" if kind == "pdf" else ".txt"), content, save=False)
    try:
        save_edit(document, reason=reason)
    except BaseException:
        document.file.delete(save=False)
        raise
    return document


def attach_text_document(
    *, agreement: Agreement, amendment: Amendment | None = None, title: str, path: str, user: Any, reason: str
) -> Document | None:
    """Attach a plain-text exhibit from a file on disk; None if these exact bytes are already attached."""
    with open(path, "rb") as handle:
        facts = _facts_of(read_chunks(handle))
        if attached_copy(agreement=agreement, amendment=amendment, sha256=facts.sha256):
            return None
        handle.seek(0)
        named = File(handle, name=PurePath(path).name)
        return store_document(
            agreement=agreement,
            amendment=amendment,
            title=title,
            uploaded_file=named,
            user=user,
            reason=reason,
            kind="text",
        )


class SignedDocumentField(forms.FileField):
    """A file field accepting only what `check_pdf` accepts, with its reason as the field's error.

    The checked file carries `checked_facts` (size and SHA-256) for the form's own checks.
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", "Signed document")
        kwargs.setdefault("widget", forms.FileInput(attrs={"accept": "application/pdf,.pdf"}))
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        uploaded = super().clean(data, initial)
        if uploaded:
            uploaded.checked_facts = check_pdf(uploaded)
        return uploaded


# Where `store_document`'s errors go on the upload form.
_FORM_FIELDS = {"file": "file", "amendment": "amendment", "change_reason": "reason"}


class DocumentUploadForm(forms.Form):
    """Upload a signed PDF to an agreement or one of its amendments, saying why."""

    title = forms.CharField(label="Title", max_length=200, help_text="For example “Amendment 5, signed copy”.")
    amendment = forms.ModelChoiceField(
        label="Amendment",
        queryset=Amendment.objects.none(),
        required=False,
        empty_label="— the agreement itself —",
    )
    file = SignedDocumentField()
    reason = forms.CharField(label="Why", max_length=500, help_text="Recorded in the history with your name.")

    def __init__(self, *args: Any, agreement: Agreement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agreement = agreement
        # An agreement has a few dozen amendments at most: a select, not an autocomplete.
        self.fields["amendment"].queryset = agreement.amendments.order_by("number")  # type: ignore[attr-defined]
        self.fields[
            "file"
        ].help_text = f"A PDF of at most {_limit_mb()}, without scripts, attachments or forms; checked by its content."

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if says_nothing(reason):
            raise ValidationError(REASON_REQUIRED, code="reason_required")
        return reason

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data
        uploaded = cleaned.get("file")
        if uploaded is not None and "amendment" in cleaned:
            existing = attached_copy(
                agreement=self.agreement, amendment=cleaned["amendment"], sha256=uploaded.checked_facts.sha256
            )
            if existing is not None:
                self.add_error("file", f"This file is already attached as “{existing.title}”.")
        return cleaned

    def save(self, *, user: Any) -> Document | None:
        """Store the document; None, with the errors on the form, if it was refused meanwhile."""
        data = self.cleaned_data
        try:
            return store_document(
                agreement=self.agreement,
                amendment=data["amendment"],
                title=data["title"],
                uploaded_file=data["file"],
                user=user,
                reason=data["reason"],
            )
        except ValidationError as error:
            for field, errors in error.update_error_dict({}).items():
                self.add_error(_FORM_FIELDS.get(field), errors)
            return None
