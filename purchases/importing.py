"""Importing a purchase file (CSV or XLSX): preview, then all or nothing.

`preview_import` runs the whole import in a transaction that is rolled back and says, row by row,
what would be created or changed (the agreement, entity and catalog product each row resolves to),
or every problem of every bad row with its row number and column. `apply_import` runs it again for
real in one transaction: if any row is bad, or a purchase to change was changed since the preview,
nothing is written. Each history row carries "Imported from <file name>".

Row numbers are as a spreadsheet shows them: the header is row 1, the first purchase row 2.
"""

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from import_export.results import Result, RowResult

from core.editing import StaleEditError, version_of
from pricing.catalog import load_catalog
from purchases.forms import MAX_IMPORT_ROWS
from purchases.models import Purchase
from purchases.resources import HEADER_OF, HEADERS, REQUIRED_HEADERS, PurchaseResource, cell_text

FIRST_DATA_ROW = 2  # the header is row 1


@dataclass(frozen=True)
class RowProblem:
    row: int | None  # None: about the whole file (its headers)
    column: str
    message: str
    code: str = ""  # "stale": the purchase was changed after the preview


@dataclass(frozen=True)
class Change:
    column: str
    old: str
    new: str


@dataclass(frozen=True)
class PreviewRow:
    row: int
    action: str  # "new", "update" or "unchanged"
    purchase: Purchase
    product_match: str
    changes: tuple[Change, ...] = ()


@dataclass
class ImportReport:
    file_name: str
    problems: list[RowProblem] = field(default_factory=list)
    rows: list[PreviewRow] = field(default_factory=list)
    base_versions: dict[int, int | None] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def stale(self) -> bool:
        return any(problem.code == "stale" for problem in self.problems)

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)


class ImportRefused(Exception):
    """Nothing was written; `report.problems` says why."""

    def __init__(self, report: ImportReport) -> None:
        self.report = report
        super().__init__(f"{len(report.problems)} problem(s) in {report.file_name}")


def import_reason(file_name: str) -> str:
    return f"Imported from {file_name}"


def read_dataset(content: bytes, file_name: str) -> tablib.Dataset:
    """The file's rows under its headers; a ValueError saying why when it cannot be read."""
    if file_name.lower().endswith(".xlsx"):
        try:
            return tablib.Dataset().load(io.BytesIO(content), format="xlsx")
        except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds for a damaged workbook
            raise ValueError(f"{file_name} is not a readable Excel workbook ({type(error).__name__}).") from None
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError(f"{file_name} is not UTF-8 text: save it as “CSV UTF-8”.") from None
    if "\x00" in text:
        raise ValueError(f"{file_name} contains NUL characters: it is not a CSV file.")
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        return tablib.Dataset()
    width = len(rows[0])
    dataset = tablib.Dataset(headers=[cell.strip() for cell in rows[0]])
    for number, row in enumerate(rows[1:], start=FIRST_DATA_ROW):
        if len(row) > width:
            raise ValueError(f"Row {number} has {len(row)} cells but the header names {width} columns.")
        dataset.append(row + [""] * (width - len(row)))
    return dataset


def _header_problems(dataset: tablib.Dataset) -> list[RowProblem]:
    headers = [str(header or "").strip().lower() for header in (dataset.headers or [])]
    problems = [
        RowProblem(None, header, f"Unknown column {header!r}; the columns are: {', '.join(HEADERS)}.")
        for header in headers
        if header not in HEADERS
    ]
    problems += [
        RowProblem(None, header, f"The column {header!r} is required.")
        for header in REQUIRED_HEADERS
        if header not in headers
    ]
    if len(set(headers)) != len(headers):
        problems.append(RowProblem(None, "", "A column is named twice."))
    if len(dataset) == 0:
        problems.append(RowProblem(None, "", "The file has no purchase rows under its header."))
    if len(dataset) > MAX_IMPORT_ROWS:
        problems.append(RowProblem(None, "", f"The file has {len(dataset):,} rows; at most {MAX_IMPORT_ROWS:,}."))
    return problems


def _normalized(dataset: tablib.Dataset) -> tablib.Dataset:
    dataset.headers = [str(header or "").strip().lower() for header in dataset.headers]
    return dataset


def _row_problems(result: Result) -> list[RowProblem]:
    problems = []
    for invalid in result.invalid_rows:
        for attribute, messages in invalid.error_dict.items():
            column = "" if attribute == NON_FIELD_ERRORS else HEADER_OF.get(attribute, attribute)
            problems += [RowProblem(invalid.number + 1, column, message) for message in messages]
    for number, errors in result.row_errors():
        for error in errors:
            exception = error.error
            if isinstance(exception, StaleEditError):
                problems.append(RowProblem(number + 1, "id", str(exception), code="stale"))
                continue
            elif isinstance(exception, ValidationError):
                message = " ".join(exception.messages)
            else:
                # A database refusal (a constraint) or a bug: the row is named, the details logged.
                message = f"This row could not be saved ({type(exception).__name__})."
            problems.append(RowProblem(number + 1, "", message))
    for error in result.base_errors:
        problems.append(RowProblem(None, "", str(error.error)))
    return sorted(problems, key=lambda problem: (problem.row or 0, problem.column))


def _display(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "contract_number"):
        return str(value.contract_number)
    return str(value)


def _changes(original: Purchase | None, instance: Purchase) -> tuple[Change, ...]:
    if original is None:
        return ()
    changed = []
    for attribute, header in HEADER_OF.items():
        if header == "id":
            continue
        old, new = getattr(original, attribute), getattr(instance, attribute)
        if old != new:
            changed.append(Change(header, _display(old), _display(new)))
    return tuple(changed)


def _product_match(catalogs: dict[int, Any], purchase: Purchase) -> str:
    """Which catalog product the product as entered names in the purchase's agreement (if one)."""
    if purchase.agreement_id not in catalogs:
        catalogs[purchase.agreement_id] = load_catalog(purchase.agreement)
    matches = catalogs[purchase.agreement_id].resolve(purchase.product_as_entered)
    if not matches:
        return "no product of the agreement's schedules has this name"
    if len(matches) > 1:
        return "several products: " + "; ".join(match.product.name for match in matches[:5])
    return str(matches[0].product.name)


_ACTIONS = {RowResult.IMPORT_TYPE_NEW: "new", RowResult.IMPORT_TYPE_UPDATE: "update"}


def _preview_rows(result: Result) -> list[PreviewRow]:
    rows = []
    catalogs: dict[int, Any] = {}
    for index, row_result in enumerate(result.rows):
        instance = row_result.instance
        if instance is None or row_result.import_type not in {*_ACTIONS, RowResult.IMPORT_TYPE_SKIP}:
            continue
        action = _ACTIONS.get(row_result.import_type, "unchanged")
        rows.append(
            PreviewRow(
                row=index + FIRST_DATA_ROW,
                action=action,
                purchase=instance,
                product_match=_product_match(catalogs, instance),
                changes=_changes(row_result.original, instance),
            )
        )
    return rows


def _run(dataset: tablib.Dataset, resource: PurchaseResource, *, dry_run: bool) -> Result:
    result: Result = resource.import_data(
        dataset,
        dry_run=dry_run,
        use_transactions=True,
        rollback_on_validation_errors=True,
        retain_instance_in_row_result=True,
    )
    return result


def preview_import(content: bytes, file_name: str) -> ImportReport:
    """What importing the file would do; nothing is written."""
    report = ImportReport(file_name)
    try:
        dataset = read_dataset(content, file_name)
    except ValueError as error:
        report.problems.append(RowProblem(None, "", str(error)))
        return report
    report.problems = _header_problems(_normalized(dataset))
    if report.problems:
        return report
    # Versions of the purchases the file changes, read before the import touches them.
    ids = (
        [int(text) for text in (cell_text(v) for v in dataset["id"]) if text.isdigit()]
        if "id" in dataset.headers
        else []
    )
    existing = Purchase.objects.in_bulk(ids) if ids else {}
    result = _run(dataset, PurchaseResource(reason=import_reason(file_name)), dry_run=True)
    report.problems = _row_problems(result)
    if report.ok:
        report.rows = _preview_rows(result)
        changed = {row.purchase.pk for row in report.rows if row.action == "update"}
        report.base_versions = {pk: version_of(existing[pk]) for pk in changed if pk in existing}
    return report


def apply_import(content: bytes, file_name: str, *, base_versions: Mapping[int, int | None]) -> ImportReport:
    """Import the file in one transaction; `ImportRefused` (nothing written) if any row is bad."""
    report = ImportReport(file_name, base_versions=dict(base_versions))
    try:
        dataset = read_dataset(content, file_name)
    except ValueError as error:
        report.problems.append(RowProblem(None, "", str(error)))
        raise ImportRefused(report) from None
    report.problems = _header_problems(_normalized(dataset))
    if report.problems:
        raise ImportRefused(report)
    resource = PurchaseResource(reason=import_reason(file_name), base_versions=base_versions)
    with transaction.atomic():
        result = _run(dataset, resource, dry_run=False)
        report.problems = _row_problems(result)
        if not report.ok:
            transaction.set_rollback(True)
            raise ImportRefused(report)
        report.rows = _preview_rows(result)
    return report


def template_rows() -> Sequence[Sequence[str]]:
    """The template file: the header row only (an example row would be imported by mistake)."""
    return [list(HEADERS)]
