"""Forms contract admins use to record what happened to a release after Exhibit B."""

from django import forms

from core.forms import VersionedFormMixin
from releases.models import ForecastRevision, Release, Remedy

_DATE = forms.DateInput(attrs={"type": "date"})


class _NoSuffixMixin:
    """Labels read as the field's name ("Substitute", not "Substitute:"), for people and screen readers."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class ReleaseTrackingForm(VersionedFormMixin, _NoSuffixMixin, forms.ModelForm):
    """Actual dates and the Customer's need-by date; what the exhibit says is not editable here."""

    change_reason = forms.CharField(
        label="Why",
        max_length=500,
        help_text="Recorded in the history with your name (e.g. the Seller's notice).",
    )

    class Meta:
        model = Release
        fields = ["ci_fsa_actual_date", "ga_actual_date", "need_by_date"]
        widgets = {"ci_fsa_actual_date": _DATE, "ga_actual_date": _DATE, "need_by_date": _DATE}


class ForecastRevisionForm(_NoSuffixMixin, forms.ModelForm):
    class Meta:
        model = ForecastRevision
        fields = ["milestone", "forecast_as_written", "recorded_on", "reason"]
        widgets = {"recorded_on": _DATE, "reason": forms.Textarea(attrs={"rows": 3})}


class RemedyForm(VersionedFormMixin, _NoSuffixMixin, forms.ModelForm):
    change_reason = forms.CharField(
        label="Why",
        max_length=500,
        required=False,
        help_text="Recorded in the history with your name. Required when changing a recorded remedy.",
    )

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and not (cleaned.get("change_reason") or "").strip():
            self.add_error("change_reason", "Say why you are changing this remedy.")
        return cleaned

    class Meta:
        model = Remedy
        fields = [
            "option",
            "agreed_on",
            "substitute_description",
            "substitute_supplier",
            "purchase_amount",
            "substitute_provided_on",
            "changed_out_on",
            "note",
        ]
        widgets = {
            "option": forms.RadioSelect,
            "agreed_on": _DATE,
            "substitute_provided_on": _DATE,
            "changed_out_on": _DATE,
            "substitute_description": forms.Textarea(attrs={"rows": 3}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }


class AsOfDateForm(forms.Form):
    """The date the flags are computed for; today when not given, and the page says which."""

    as_of = forms.DateField(label="As of", required=False, widget=_DATE)

    def __init__(self, data=None, **kwargs):
        super().__init__(data if data else None, **kwargs)

    def as_of_date(self, today):
        if self.is_bound and self.is_valid() and self.cleaned_data["as_of"]:
            return self.cleaned_data["as_of"]
        return today
