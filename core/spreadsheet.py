"""Exports that are safe to open in a spreadsheet.

A cell beginning with =, +, -, @, tab or carriage return is run as a formula by spreadsheet
programs; text from users (change reasons, product names typed into a quote) is prefixed with an
apostrophe so it is shown, not run. Numbers are left alone.
"""

import csv
from collections.abc import Iterable
from typing import Any, Protocol

from django_tables2.export import TableExport

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


class SafeTableExport(TableExport):  # type: ignore[misc]  # django-tables2 ships no type information
    """django-tables2 export (CSV and the other tablib formats) with safe cells."""

    def table_to_dataset(
        self, table: Any, exclude_columns: Iterable[str], dataset_kwargs: dict[str, Any] | None = None
    ) -> Any:
        dataset = super().table_to_dataset(table, exclude_columns, dataset_kwargs)
        rows = [tuple(safe_cell(value) for value in row) for row in dataset]
        return type(dataset)(*rows, headers=dataset.headers, title=dataset.title)
