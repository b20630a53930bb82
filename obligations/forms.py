"""The questions the obligations pages answer (one agreement, one date) and the seat-use form."""

from typing import Any

from django import forms
from django.db.models import Q

from contracts.models import Agreement
from core.editing import EditFormMixin
from obligations.models import SeatUse

CHOOSE_AGREEMENT = "Several agreements have obligations on record: choose one (its contract number or title)."
NO_AGREEMENT = "No agreement has obligations on record yet."
AGREEMENT_HELP = "Its contract number or title. Empty: the only agreement with obligations on record."
_DATE = forms.DateInput(attrs={"type": "date"})


def sole_obligated_agreement() -> Agreement | None:
    """The agreement the question is about when none is named: the only one with commitments or a
    training incentive on record (None when there are none or several)."""
    found = list(
        Agreement.objects.filter(Q(commitments__isnull=False) | Q(training_incentives__isnull=False))
        .distinct()
        .order_by("pk")[:2]
    )
    return found[0] if len(found) == 1 else None


class OneAgreementMixin:
    """A question about one agreement: the one named in `agreement`, else the only one with obligations.
    With several and none named, the user is asked to choose: nothing is computed over every agreement."""

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}  # type: ignore[misc]  # mixed into a Form
        if "agreement" not in self.errors and data.get("agreement") is None:  # type: ignore[attr-defined]
            data["agreement"] = sole_obligated_agreement()
            if data["agreement"] is None:
                self.add_error("agreement", CHOOSE_AGREEMENT)  # type: ignore[attr-defined]
        return data


class SeatUseFilterForm(forms.Form):
    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("used_from"), data.get("used_to")
        if start and end and end < start:
            self.add_error("used_to", "“Used to” must not be before “used from”.")
        return data


class QuestionForm(OneAgreementMixin, forms.Form):
    """The filter form of the obligations pages."""

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("spend_from"), data.get("on")
        if start and end and end < start:
            self.add_error("spend_from", "“From” must not be after the “On” date.")
        return data


class SeatUseForm(EditFormMixin, forms.ModelForm):  # type: ignore[type-arg]
    """A seat used: who, which course, when. The incentive and the recording admin are set by the view."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    class Meta:
        model = SeatUse
        fields = ["attendee", "course", "used_on", "note"]
        widgets = {"used_on": _DATE, "note": forms.Textarea(attrs={"rows": 3})}
