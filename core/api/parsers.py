"""Request body parsers with limits checked before any parsing work (`DEFAULT_PARSER_CLASSES`).

- JSON depth: Python's json module recurses once per nesting level, so a body nested 1,000 deep
  raises RecursionError, a 500. The nesting is measured on the raw text first (brackets outside
  strings) and anything deeper than `MAX_JSON_DEPTH` is a 400 saying so. Every request Ledgerline
  understands nests 3 levels deep (a quote: object, `lines` list, line object).
- Size: DRF reads JSON and form bodies through `request.body`, which Django refuses past
  `DATA_UPLOAD_MAX_MEMORY_SIZE` (`core.api.errors` answers that with 413), but hands multipart
  bodies to Django's multipart parser as a stream, which limits form fields and not files. The
  multipart parser here refuses a body whose declared length exceeds the same limit, before
  reading it. (DRF parses nothing without a Content-Length; the WSGI stream never yields more.)
"""

import re
from collections.abc import Mapping
from io import BytesIO
from itertools import accumulate
from typing import IO, Any

from django.conf import settings
from rest_framework import parsers, status
from rest_framework.exceptions import APIException, ParseError

MAX_JSON_DEPTH = 32

# A JSON string: quote, then runs of ordinary characters or escapes, then quote (no backtracking).
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


class RequestTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "request_too_large"

    def __init__(self) -> None:
        super().__init__(f"The request body is larger than {settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes.")


def json_depth(text: str) -> int:
    """How deeply `text` nests arrays and objects, counting brackets outside strings."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    return max(accumulate(map(_STEP.__getitem__, brackets)), default=0)


class BoundedJSONParser(parsers.JSONParser):
    """DRF's JSON parser behind the nesting limit."""

    def parse(
        self, stream: IO[Any], media_type: str | None = None, parser_context: Mapping[str, Any] | None = None
    ) -> Any:
        raw = stream.read()
        # DRF's check that the charset is a text encoding (not e.g. bz2_codec); newer than the stubs.
        encoding = parsers.get_encoding(parser_context or {})  # type: ignore[attr-defined]
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError as exc:
            raise ParseError(f"JSON parse error - {exc}") from None
        if json_depth(text) > MAX_JSON_DEPTH:
            raise ParseError(f"JSON parse error - nested deeper than {MAX_JSON_DEPTH} levels.")
        return super().parse(BytesIO(raw), media_type, parser_context)


class BoundedMultiPartParser(parsers.MultiPartParser):
    """DRF's multipart parser behind the body size limit (Django's covers fields, not files)."""

    def parse(
        self, stream: IO[Any], media_type: str | None = None, parser_context: Mapping[str, Any] | None = None
    ) -> Any:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        request = (parser_context or {}).get("request")
        if limit is not None and request is not None:
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > limit:
                raise RequestTooLarge
        return super().parse(stream, media_type, parser_context)
