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

    def dates(self) -> tuple[date, date | None] | None:
        """(on, as_agreed): today and None where the user gave nothing; None if the input is invalid.

        An invalid date is never replaced by today: the page shows the error and no answer.
        """
        today = timezone.localdate()
        if not self.submitted:
            return today, None
        if not self.is_valid():
            return None
        return self.cleaned_data["on"] or today, self.cleaned_data["as_agreed"]
