"""Forms shared by the apps."""

from datetime import date

from django import forms
from django.utils import timezone


class AsOfForm(forms.Form):
    """The two dates of a point-in-time question. `on` defaults to today, and the page says so."""

    on = forms.DateField(
        label="On",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The date the terms apply to.",
    )
    as_agreed = forms.DateField(
        label="As agreed on",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Count only amendments effective by this date. Empty: every amendment on record.",
    )

    def __init__(self, data=None, **kwargs):
        super().__init__(data if data else None, **kwargs)
        self.submitted = bool(data)

    def dates(self) -> tuple[date, date | None]:
        """(on, as_agreed) from valid input; today and None where the user gave nothing."""
        today = timezone.localdate()
        if not self.submitted or not self.is_valid():
            return today, None
        return self.cleaned_data["on"] or today, self.cleaned_data["as_agreed"]
