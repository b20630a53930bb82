"""Forms contract admins use to record what happened to a release after Exhibit B, and the questions
the release pages answer (one agreement, one date)."""

from django import forms

from contracts.models import Agreement
from core.autocomplete import AutocompleteField
from core.editing import EditFormMixin
from core.pointintime.inputs import PagePointInTimeForm
from releases.board import sole_scheduled_agreement
from releases.models import ForecastRevision, Release, Remedy

_DATE = forms.DateInput(attrs={"type": "date"})
CHOOSE_AGREEMENT = "Several agreements have a release schedule: choose one (its contract number or title)."
AGREEMENT_HELP = "Its contract number or title. Empty: the only agreement with a release schedule."


class OneAgreementMixin:
    """A question about one agreement's release schedule: the one named in `agreement`, else the only
    agreement with a release schedule. With several and none named, the user is asked to choose: nothing
    is computed over every agreement."""

    def clean(self):
        data = super().clean() or {}  # type: ignore[misc]  # mixed into a Form
        if "agreement" not in self.errors and data.get("agreement") is None:  # type: ignore[attr-defined]
            data["agreement"] = sole_scheduled_agreement()
            if data["agreement"] is None:
                self.add_error("agreement", CHOOSE_AGREEMENT)  # type: ignore[attr-defined]
        return data


class ReleaseOnForm(PagePointInTimeForm):
    """Release flags are computed for one date: the `on` axis only."""

    axes = ("on",)


class ScheduleTimelineForm(OneAgreementMixin, ReleaseOnForm):
    agreement = AutocompleteField("agreement", required=False, label="Agreement", help_text=AGREEMENT_HELP)

    def chosen_agreement(self) -> Agreement | None:
        """The agreement asked about; None when it is not given and cannot be inferred, or is not valid."""
        if not self.is_bound:
            return sole_scheduled_agreement()
        return self.cleaned_data.get("agreement") if self.is_valid() else None


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
