"""Filters of the obligations pages and API: one agreement, one date, and what each list narrows by.

The seats, the register and the spend are computed for one agreement on one date (`training`,
`register`, `spending`): their filtersets read the question (`question()`) and the view computes;
seat uses are rows, filtered in the database.
"""

from datetime import date
from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet

from contracts.models import Agreement
from core.autocomplete import AutocompleteFilter
from core.pointintime.inputs import PointInTimeFilter, as_of_from
from obligations.forms import AGREEMENT_HELP, QuestionForm, SeatUseFilterForm, sole_obligated_agreement
from obligations.models import Commitment, Party, SeatUse, TrainingIncentive

_DATE = forms.DateInput(attrs={"type": "date"})
SEAT_STATUSES = [(s, s) for s in ("available", "expiring", "expired", "used", "use-by unknown")]


def _unfiltered(queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
    return queryset


class _QuestionFilterSet(django_filters.FilterSet):
    """One agreement (inferred when only one has obligations) and the `on` date."""

    agreement = AutocompleteFilter(source="agreement", method=_unfiltered, label="Agreement", help_text=AGREEMENT_HELP)
    on = PointInTimeFilter("on")

    def question(self) -> tuple[Agreement, date, dict[str, Any]] | None:
        """(agreement, on, the valid input); None when the input is invalid (the form says why, no date is
        assumed in place of a wrong one) or when an agreement must be chosen first."""
        if self.is_bound:
            if not self.form.is_valid():
                return None
            data = dict(self.form.cleaned_data)
        else:
            data = {"agreement": sole_obligated_agreement()}
            if data["agreement"] is None:
                return None
        return data["agreement"], as_of_from(data).on, data


class CommitmentFilterSet(_QuestionFilterSet):
    obligor = django_filters.ChoiceFilter(choices=Party.choices, label="Whose obligation")
    kind = django_filters.ChoiceFilter(choices=Commitment.Kind.choices, label="Kind")

    class Meta:
        model = Commitment
        fields = ["agreement", "on", "obligor", "kind"]
        form = QuestionForm


class SeatFilterSet(_QuestionFilterSet):
    status = django_filters.ChoiceFilter(choices=SEAT_STATUSES, method=_unfiltered, label="Status on the date")

    class Meta:
        model = TrainingIncentive
        fields = ["agreement", "on", "status"]
        form = QuestionForm


class SpendFilterSet(_QuestionFilterSet):
    spend_from = django_filters.DateFilter(method=_unfiltered, label="Ordered from", widget=_DATE)
    on = PointInTimeFilter("on", help_text="Ordered up to this date. Empty: today.")

    class Meta:
        model = TrainingIncentive
        fields = ["agreement", "spend_from", "on"]
        form = QuestionForm


class SeatUseFilterSet(django_filters.FilterSet):
    agreement = AutocompleteFilter(
        source="agreement",
        field_name="incentive__agreement",
        label="Agreement",
        help_text="Its contract number or title.",
    )
    attendee = django_filters.CharFilter(lookup_expr="icontains", label="Attendee", max_length=200)
    course = django_filters.CharFilter(lookup_expr="icontains", label="Course", max_length=200)
    used_from = django_filters.DateFilter(field_name="used_on", lookup_expr="gte", label="Used from", widget=_DATE)
    used_to = django_filters.DateFilter(field_name="used_on", lookup_expr="lte", label="Used to", widget=_DATE)

    class Meta:
        model = SeatUse
        fields = ["agreement", "attendee", "course", "used_from", "used_to"]
        form = SeatUseFilterForm
