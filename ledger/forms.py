"""The audit log's filter form (the page and the API read the same one) and the compare / recorded forms."""

from typing import Any

from django import forms

from core.autocomplete import AutocompleteField
from core.history import audited_models
from core.keys import MAX_ID
from core.pointintime.inputs import PagePointInTimeForm, PointInTimeForm
from core.validators import date_range_errors
from ledger.audit import AuditFilter, Position
from ledger.autocomplete import AmendmentField


def _model_choices():
    """Read when the form is shown, so it lists the models installed then."""
    return [("", "any")] + [
        (m._meta.label_lower, f"{m._meta.app_config.verbose_name}: {m._meta.verbose_name}") for m in audited_models()
    ]


class PositionField(forms.CharField):
    """A place in the log to page from, as the page's own "Older" / "Newer" links write it."""

    widget = forms.HiddenInput

    MAX_LENGTH = 200

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, **kwargs)
        self.max_length = self.MAX_LENGTH  # documented in the API schema; checked below, not by a validator

    def to_python(self, value: Any) -> Position | None:  # type: ignore[override]  # a Position, not text
        text = super().to_python(value)
        if not text:
            return None
        try:
            if len(text) > self.MAX_LENGTH:
                raise ValueError(text)
            return Position.from_token(text)
        except ValueError:
            raise forms.ValidationError(
                "Not a place in the audit log (the link may be from an older version): start from the newest.",
                code="invalid",
            ) from None


class AuditFilterForm(forms.Form):
    """Filters of the audit log; every field optional. Records are named by key, id or exact name."""

    agreement = AutocompleteField("agreement", required=False, label="Agreement", help_text="contract number or id")
    amendment = AmendmentField(
        required=False,
        forward=("agreement",),
        label="Amendment",
        help_text="contract number/amendment number, or id; with an agreement, its amendment number (Amendment 3)",
    )
    user = AutocompleteField("user", required=False, label="User", help_text="username or id")
    model = forms.ChoiceField(choices=_model_choices, required=False, label="Record type")
    object_id = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID, label="Record id")
    date_from = forms.DateField(required=False, label="From", widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(required=False, label="To", widget=forms.DateInput(attrs={"type": "date"}))
    after = PositionField(help_text="older than this place (from the `next` link)")
    before = PositionField(help_text="newer than this place (from the `previous` link)")

    def clean(self):
        super().clean()
        data = self.cleaned_data
        for field, message in date_range_errors(
            data.get("date_from"), data.get("date_to"), field="date_to", start_label="'From'"
        ).items():
            self.add_error(field, message)
        agreement, amendment = data.get("agreement"), data.get("amendment")
        if agreement and amendment and amendment.agreement_id != agreement.pk:
            self.add_error("amendment", f"{amendment.key} is not an amendment of {agreement.contract_number}.")
        if data.get("after") and data.get("before"):
            self.add_error("before", "Page from one place only: 'after' or 'before'.")
        return data

    def audit_filter(self) -> AuditFilter | None:
        return audit_filter_of(self.cleaned_data) if self.is_valid() else None


def audit_filter_of(data: dict[str, Any]) -> AuditFilter:
    """The filter an `AuditFilterForm`'s cleaned data asks for (the page's form, or the API's)."""

    def pk(name: str) -> int | None:
        return data[name].pk if data.get(name) else None

    return AuditFilter(
        user_id=pk("user"),
        model=data.get("model") or None,
        object_id=data.get("object_id"),
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
        amendment_id=pk("amendment"),
        agreement_id=pk("agreement"),
    )


class RecordedAtForm(PagePointInTimeForm):
    """The three axes: a moment of system time (required), and the two contract dates to read it with."""

    axes = ("recorded_at", "on", "as_agreed")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recorded_at"].required = True


class ComparedPointForm(PointInTimeForm):
    """One side of a comparison (prefix `left` or `right`): its "on" date is required."""

    def __init__(self, *args, side: str, **kwargs):
        super().__init__(*args, prefix=side, **kwargs)
        self.fields["on"].required = True
        for field in self.fields.values():
            field.label = f"{'Before' if side == 'left' else 'After'}: {str(field.label).lower()}"


def compared_points(data) -> tuple[ComparedPointForm, ComparedPointForm]:
    """The two sides of the compare page; unbound until something is asked."""
    bound = data if data else None
    return ComparedPointForm(bound, side="left"), ComparedPointForm(bound, side="right")
