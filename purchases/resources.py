"""The purchase file's columns, read by django-import-export (`PurchaseResource`).

Every cell is read by the purchase form's own field (`purchases.forms.PurchaseForm`): the same
limits, choices and messages as the page, and the same name matching for the agreement (contract
number, id or title) and the buying entity (any of its names, through `contracts` name lookups). A
row is then validated as a whole by the model (`Purchase.full_clean`), as every other write is.

Saving goes through the one editing path (`core.editing.save_edit`): each history row carries the
import's reason ("Imported from purchases-2000-q1.csv"), and a row changing an existing purchase
is saved only if that purchase is still at the version the preview showed.
"""

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from import_export import fields, resources, widgets
from import_export.results import RowResult

from core.editing import save_edit, set_change_reason
from core.forms import yes_or_no
from purchases.forms import PurchaseForm
from purchases.models import Purchase

# (column header, model attribute). The header names are documented on the import page and in the
# template file; `product` is the product as entered.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "id"),
    ("agreement", "agreement"),
    ("buyer", "buyer"),
    ("po_reference", "po_reference"),
    ("invoice_reference", "invoice_reference"),
    ("invoice_date", "invoice_date"),
    ("product", "product_as_entered"),
    ("component", "component"),
    ("condition", "condition"),
    ("order_code", "order_code"),
    ("stsx1_cards_added", "stsx1_cards_added"),
    ("installed_at_one_time", "installed_at_one_time"),
    ("packet_components", "packet_components"),
    ("quoted_unit_price", "quoted_unit_price"),
    ("comparable_5ess_price", "comparable_5ess_price"),
    ("order_date", "order_date"),
    ("ship_date", "ship_date"),
    ("quantity", "quantity"),
    ("list_price", "list_price"),
    ("invoiced_percent", "invoiced_percent"),
    ("amount_paid", "amount_paid"),
    ("currency", "currency"),
    ("remedy", "remedy"),
    ("supplier", "supplier"),
    ("notes", "notes"),
)
HEADERS = tuple(header for header, _ in COLUMNS)
REQUIRED_HEADERS = ("agreement", "buyer", "product", "order_date", "list_price")
HEADER_OF = {attribute: header for header, attribute in COLUMNS}


def cell_text(value: Any) -> str:
    """A cell as the text a form reads: spreadsheet dates and numbers as they were typed."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(Decimal(repr(value)))
    return str(value).strip()


class FormFieldWidget(widgets.Widget):
    """Reads a cell with a form field; its error becomes the row's error on that column."""

    def __init__(self, field: forms.Field) -> None:
        super().__init__()
        self.field = field
        self._found: dict[str, Any] = {}  # a name repeated on many rows is looked up once

    def clean(self, value: Any, row: Mapping[str, Any] | None = None, **kwargs: Any) -> Any:
        text = cell_text(value)
        if isinstance(self.field, forms.BooleanField):
            return self._boolean(text)
        if isinstance(self.field, forms.ChoiceField) and not isinstance(self.field, forms.ModelChoiceField):
            text = self._choice(text)
        cacheable = isinstance(self.field, forms.ModelChoiceField)
        if cacheable and text in self._found:
            return self._found[text]
        try:
            cleaned = self.field.clean(text)
        except ValidationError as error:
            raise ValueError(" ".join(error.messages)) from None
        if cacheable:
            self._found[text] = cleaned
        return cleaned

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> Any:
        return "" if value is None else str(value)

    @staticmethod
    def _boolean(text: str) -> bool:
        answer = yes_or_no(text)
        if answer is not None:
            return answer
        raise ValueError(f"{text!r} is neither yes nor no (write yes, no, or leave it empty).")

    def _choice(self, text: str) -> str:
        """A choice by its value ("hardware") or its label ("Hardware"), any case."""
        for choice_value, label in self.field.choices:  # type: ignore[attr-defined]  # a ChoiceField
            if text.lower() in {str(choice_value).lower(), str(label).lower()}:
                return str(choice_value)
        return text


class IdWidget(widgets.Widget):
    """The id of a purchase the row changes; empty for a new purchase."""

    def clean(self, value: Any, row: Mapping[str, Any] | None = None, **kwargs: Any) -> int | None:
        text = cell_text(value)
        if not text:
            return None
        if not (text.isascii() and text.isdigit() and len(text) < 19):
            raise ValueError(f"{text!r} is not a purchase id: leave it empty for a new purchase.")
        return int(text)


def _field(header: str, attribute: str) -> fields.Field:
    if attribute == "id":
        return fields.Field(attribute="id", column_name="id", widget=IdWidget())
    form_field = PurchaseForm.base_fields[attribute]
    # A blank optional cell leaves the model's default (blank text, no date), never "None".
    saves_null = not isinstance(form_field, forms.CharField) or isinstance(form_field, forms.ModelChoiceField)
    return fields.Field(
        attribute=attribute, column_name=header, widget=FormFieldWidget(form_field), saves_null_values=saves_null
    )


class PurchaseResource(resources.ModelResource):
    """Purchase rows by the columns of `COLUMNS`; `id` set: that purchase is changed, else one is created.

    `reason` goes on every history row; `base_versions` (purchase id → version) are the versions the
    preview was computed from; a purchase changed since is refused (its row reports who changed it).
    """

    def __init__(self, *, reason: str, base_versions: Mapping[int, int | None] | None = None) -> None:
        super().__init__()
        self.reason = reason
        self.base_versions = base_versions
        self.fields = {header: _field(header, attribute) for header, attribute in COLUMNS}

    class Meta:
        model = Purchase
        fields = ("id",)
        import_id_fields = ["id"]  # a list: import-export compares it with ["id"]
        skip_unchanged = True
        report_skipped = True
        use_transactions = True
        clean_model_instances = True
        skip_html_diff = True

    def validate_instance(
        self, instance: Purchase, import_validation_errors: dict[str, Any] | None = None, validate_unique: bool = True
    ) -> None:
        """The model's validation, as every write's; without re-reading what the cells resolved.

        The agreement, buyer and remedy were found in their querysets by the form fields (a second
        existence query per row would only repeat it), and the check constraints are the fields'
        validators and `Purchase.clean` again (the database still enforces them on save).
        """
        errors = dict(import_validation_errors or {})
        exclude = {*errors, *(name for name in ("agreement", "buyer", "remedy") if getattr(instance, f"{name}_id"))}
        try:
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def get_queryset(self) -> Any:
        return Purchase.objects.select_related("agreement", "buyer", "remedy")

    def get_instance(self, instance_loader: Any, row: Mapping[str, Any]) -> Purchase | None:
        found: Purchase | None = super().get_instance(instance_loader, row)
        if found is None and cell_text(row.get("id")):
            raise ValidationError(
                {"id": f"No purchase has the id {cell_text(row.get('id'))}: leave it empty to add one."}
            )
        return found

    def import_row(self, row: Mapping[str, Any], instance_loader: Any, **kwargs: Any) -> RowResult:
        if all(not cell_text(value) for value in row.values()):
            blank = self.get_row_result_class()()
            blank.import_type = RowResult.IMPORT_TYPE_SKIP
            return blank
        result: RowResult = super().import_row(row, instance_loader, **kwargs)
        return result

    def do_instance_save(self, instance: Purchase, is_create: bool) -> None:
        if is_create or self.base_versions is None:
            set_change_reason(instance, self.reason)
            instance.save()
            return
        save_edit(instance, reason=self.reason, base_version=self.base_versions.get(instance.pk), full_clean=False)
