"""Forms of the purchase ledger: entering and editing a purchase, and uploading a purchase file.

The purchase form's fields are also what the import reads (`purchases.resources`): one definition of
each field's limits, choices and messages for the page and the file alike.
"""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from core.autocomplete import AutocompleteField, AutocompleteWidget
from core.editing import EditFormMixin
from core.forms import YesNoField
from purchases.models import Purchase
from releases.models import Remedy

_DATE = forms.DateInput(attrs={"type": "date"})

MAX_IMPORT_BYTES = 1024 * 1024  # the request body limit (DATA_UPLOAD_MAX_MEMORY_SIZE)
MAX_IMPORT_ROWS = 1000  # each row is validated, saved and given a history row: about 25 ms
IMPORT_SUFFIXES = (".csv", ".xlsx")


class RemedyField(AutocompleteField):
    """A remedy (b) by its id ("12", or "#12 …" as a suggestion reads); it has no name to type."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__("remedy_b", **kwargs)

    def to_python(self, value: Any) -> Remedy | None:
        if value in self.empty_values:
            return None
        if isinstance(value, Remedy):
            return value
        text = str(value).strip().lstrip("#").split(" ", 1)[0]
        found = None
        if text.isascii() and text.isdigit() and len(text) < 19:
            found = self.queryset.filter(pk=int(text)).first()  # type: ignore[union-attr]  # given by __init__
        if found is None:
            raise forms.ValidationError(
                "No remedy (b) has the id %(value)r. Type a few letters of the release and pick a suggestion.",
                code="invalid_choice",
                params={"value": value},
            )
        return found


class PurchaseForm(EditFormMixin, forms.ModelForm):  # type: ignore[type-arg]  # ModelForm[Purchase]: not subscriptable at run time
    """One purchase line, as a contract admin or a buyer enters it; edits carry a reason and a version."""

    agreement = AutocompleteField("agreement", label="Agreement", help_text="Contract number or title.")
    buyer = AutocompleteField(
        "entity", label="Buying entity", help_text="Any of its names: current, former, defined term, or its key."
    )
    product_as_entered = forms.CharField(
        label="Product as entered",
        max_length=300,
        widget=AutocompleteWidget("product"),
        help_text="As the order or invoice names it; suggestions from the discount schedules.",
    )
    remedy = RemedyField(
        required=False,
        label="Slip remedy (b)",
        help_text="Only for a substitute bought elsewhere under a remedy (b) of this agreement: its id.",
    )

    class Meta:
        model = Purchase
        fields = list(Purchase.RECORDED_FIELDS)
        field_classes = {"installed_at_one_time": YesNoField}
        widgets = {
            "invoice_date": _DATE,
            "order_date": _DATE,
            "ship_date": _DATE,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_currency(self) -> str:
        return str(self.cleaned_data.get("currency") or "").strip().upper()


class PurchaseImportForm(forms.Form):
    """Step 1: the file. Its name goes on every history row the import writes."""

    purchase_file = forms.FileField(
        label="Purchase file (CSV or XLSX)",
        help_text=f"Columns by the header names below. At most {MAX_IMPORT_BYTES // 1024:,} KiB "
        f"and {MAX_IMPORT_ROWS:,} rows.",
    )

    def clean_purchase_file(self) -> Any:
        upload = self.cleaned_data["purchase_file"]
        if not upload.name.lower().endswith(IMPORT_SUFFIXES):
            raise ValidationError("A purchase file is a CSV (.csv) or an Excel workbook (.xlsx).")
        if upload.size > MAX_IMPORT_BYTES:
            raise ValidationError(f"The file is {upload.size:,} bytes; at most {MAX_IMPORT_BYTES:,}.")
        return upload


class PurchaseImportConfirmForm(forms.Form):
    """Step 3: import what the preview showed (the file waits in the session under this token)."""

    token = forms.CharField(widget=forms.HiddenInput, max_length=64)
