"""Exports that are safe to open in a spreadsheet.

A cell beginning with =, +, -, @, tab or carriage return is run as a formula by spreadsheet
programs; text from users (change reasons, product names typed into a quote) is prefixed with an
apostrophe so it is shown, not run. Numbers are left alone.

Every CSV is UTF-8, says so (`text/csv; charset=utf-8`), and starts with a byte-order mark: without
it, Excel reads a CSV as the machine's legacy code page and "§ 1.15" arrives as "Â§ 1.15". The
BOM is invisible to spreadsheet programs and to Python's `utf-8-sig`; other readers may see it as
a U+FEFF before the first header. Build CSV responses with `csv_response` / `streaming_csv_response`.
"""

import csv
from collections.abc import Iterable, Iterator
from typing import Any, Protocol

from django.http import HttpResponse, StreamingHttpResponse
from django_tables2.export import TableExport

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
BOM = "\ufeff"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class Writable(Protocol):
    """What `csv.writer` writes to: a file, a response, or an echo for streaming."""

    def write(self, text: str, /) -> object: ...


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


class SafeCsvWriter:
    """csv.writer whose text cells cannot become formulas."""

    def __init__(self, stream: Writable, **kwargs: Any) -> None:
        self._writer = csv.writer(stream, **kwargs)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([safe_cell(value) for value in row])


def _attachment(response: HttpResponse | StreamingHttpResponse, filename: str) -> None:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'


def csv_response(filename: str) -> HttpResponse:
    """An empty CSV download (charset and BOM written); write rows to it with `SafeCsvWriter`."""
    response = HttpResponse(BOM, content_type=CSV_CONTENT_TYPE)
    _attachment(response, filename)
    return response


class _Echo:
    """A "file" whose write returns the text, so csv.writer can feed a stream of chunks."""

    def write(self, text: str, /) -> str:
        return text


def streaming_csv_response(rows: Iterable[Iterable[Any]], filename: str) -> StreamingHttpResponse:
    """A CSV download written row by row as it is sent, so a long export never sits in memory."""
    writer = SafeCsvWriter(_Echo())

    def chunks() -> Iterator[str]:
        yield BOM
        for row in rows:
            yield writer.writerow(row)

    response = StreamingHttpResponse(chunks(), content_type=CSV_CONTENT_TYPE)
    _attachment(response, filename)
    return response


class SafeTableExport(TableExport):  # type: ignore[misc]  # django-tables2 ships no type information
    """django-tables2 export (CSV and the other tablib formats) with safe cells; CSV with a BOM."""

    def content_type(self) -> str:
        return CSV_CONTENT_TYPE if self.format == self.CSV else str(super().content_type())

    def export(self) -> Any:
        exported = super().export()
        return BOM + exported if self.format == self.CSV else exported

    def table_to_dataset(
        self, table: Any, exclude_columns: Iterable[str], dataset_kwargs: dict[str, Any] | None = None
    ) -> Any:
        dataset = super().table_to_dataset(table, exclude_columns, dataset_kwargs)
        rows = [tuple(safe_cell(value) for value in row) for row in dataset]
        return type(dataset)(*rows, headers=dataset.headers, title=dataset.title)
