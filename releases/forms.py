"""Forms contract admins use to record what happened to a release after Exhibit B."""

from django import forms

from core.editing import EditFormMixin
from releases.models import ForecastRevision, Release, Remedy

_DATE = forms.DateInput(attrs={"type": "date"})


class _NoSuffixMixin:
    """Labels read as the field's name ("Substitute", not "Substitute:"), for people and screen readers."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class ReleaseTrackingForm(EditFormMixin, _NoSuffixMixin, forms.ModelForm):
    """Actual dates and the Customer's need-by date; what the exhibit says is not editable here."""

    class Meta:
        model = Release
        fields = Release.TRACKING_FIELDS
        widgets = dict.fromkeys(Release.TRACKING_FIELDS, _DATE)


class ForecastRevisionForm(_NoSuffixMixin, forms.ModelForm):
    class Meta:
        model = ForecastRevision
        fields = ["milestone", "forecast_as_written", "recorded_on", "reason"]
        widgets = {"recorded_on": _DATE, "reason": forms.Textarea(attrs={"rows": 3})}


class RemedyForm(EditFormMixin, _NoSuffixMixin, forms.ModelForm):
    class Meta:
        model = Remedy
        fields = Remedy.RECORDED_FIELDS
        widgets = {
            "option": forms.RadioSelect,
            "agreed_on": _DATE,
            "substitute_provided_on": _DATE,
            "changed_out_on": _DATE,
            "substitute_description": forms.Textarea(attrs={"rows": 3}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }
