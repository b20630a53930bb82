from django import forms

from core.forms import AsOfForm
from core.pointintime.inputs import PagePointInTimeForm


class EntityLookupForm(PagePointInTimeForm):
    """Any name an entity goes by, and the date to check its authorization on."""

    name = forms.CharField(
        label="Entity name",
        max_length=200,
        required=False,
        help_text=("Current or former name, defined term or variant; case, punctuation and (TM)/(R) are ignored."),
    )
    field_order = ["name", "on", "as_agreed"]


class RecordedAtForm(AsOfForm):
    """A moment of system time, plus the two contract dates to read the agreement with."""

    at = forms.DateTimeField(
        label="Recorded at",
        required=True,
        # step=1: the moment is to the second (the browser's default step of 60 s refuses seconds).
        widget=forms.DateTimeInput(attrs={"type": "datetime-local", "step": "1"}),
        help_text="What the database held at this moment (UTC).",
    )
    field_order = ["at", "on", "as_agreed"]


class CompareForm(forms.Form):
    """Two points in time to compare; each is an "on" date and an optional "as agreed on" date."""

    left_on = forms.DateField(label="Before: on", widget=forms.DateInput(attrs={"type": "date"}))
    left_as_agreed = forms.DateField(
        label="Before: as agreed on", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    right_on = forms.DateField(label="After: on", widget=forms.DateInput(attrs={"type": "date"}))
    right_as_agreed = forms.DateField(
        label="After: as agreed on", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
