"""Filters of the discount lookup, shared by the page and the API."""

from typing import Any, cast

import django_filters
from django import forms

from contracts.models import Agreement
from core.autocomplete import AutocompleteFilter, AutocompleteWidget
from core.pointintime.dates import AsOf
from core.pointintime.inputs import PointInTimeFilter, as_of_from
from pricing.autocomplete import ScheduleFilter
from pricing.choices import Component
from pricing.lookup import LookupQuestion
from pricing.models import DiscountLine, DiscountSchedule
from pricing.querysets import LineQuery


class DiscountLineFilterSet(django_filters.FilterSet):
    """Agreement, any product name, schedule, component; `on` / `as_agreed` keep only the lines in force then.

    Every choice among many records is a text box (`core.autocomplete`); the name search goes through
    the names' text-search index (`ProductQuerySet.named`); the in-force rule runs in the database
    (`DiscountLineQuerySet.in_force`), so a page of lines costs the same with one agreement or a thousand.
    """

    agreement = AutocompleteFilter(
        source="agreement",
        field_name="table__schedule__agreement",
        label="Agreement",
        help_text="Contract number, id or title. Empty: every agreement.",
    )
    q = django_filters.CharFilter(
        label="Product",
        method="filter_names",
        max_length=200,
        widget=AutocompleteWidget("product", forward=("agreement",)),
        help_text=(
            "Any name: as printed, without (TM)/(R), former name, abbreviation (PSAS), order code; "
            "words in any order, spacing ignored (oc12 = OC-12); a condition too (5ESS large growth)."
        ),
    )
    schedule = ScheduleFilter(
        forward=("agreement",),
        label="Schedule",
        field_name="table__schedule",
        help_text="Section (A-1.15) within the agreement, or the schedule's id or title.",
    )
    component = django_filters.ChoiceFilter(label="Component", choices=Component.choices)
    on = PointInTimeFilter("on", help_text="Only the lines in force on this date. Empty: every line.")
    as_agreed = PointInTimeFilter("as_agreed")

    class Meta:
        model = DiscountLine
        fields = ["agreement", "q", "schedule", "component", "on", "as_agreed"]

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(data, *args, **kwargs)
        agreement = self._agreement_typed()
        if agreement is not None:
            # A section ("A-1.15") names a schedule within the agreement asked about.
            schedule = cast(ScheduleFilter, self.filters["schedule"])
            schedule.queryset = DiscountSchedule.objects.filter(agreement=agreement)
            # The form field may exist already, copied from a class-level filter whose field was built
            # before (the OpenAPI schema builds them): it must look in this agreement too.
            cast("forms.ModelChoiceField[DiscountSchedule]", schedule.field).queryset = schedule.queryset

    def _agreement_typed(self) -> Agreement | None:
        """The agreement the input names, read before the form so the schedule can be looked up in it."""
        value = (self.data or {}).get("agreement")
        if not value:
            return None
        try:
            agreement: Agreement | None = self.filters["agreement"].field.clean(value)
        except forms.ValidationError:
            return None  # the form says why
        return agreement

    def filter_names(self, queryset, name, value):
        # The products of the agreement or schedule asked about: the name alone matches across the portfolio.
        # Words naming a condition ("large growth") keep that condition's lines (`LineQuery`).
        question = self.question()
        return queryset.answering(LineQuery.read(value), question.product_ids(), question.own_product_ids())

    def filter_queryset(self, queryset):
        if self.question().spans_agreements:
            queryset = queryset.page_first()  # see `DiscountLineQuerySet.page_first`
        queryset = super().filter_queryset(queryset)
        as_of = self.as_of_asked()
        if as_of is None:
            return queryset
        return queryset.in_force(as_of.on, as_of.as_agreed)

    def as_of_asked(self) -> AsOf | None:
        """The point in time the lines are filtered for; None when no date was asked for (every line).

        "As agreed on" alone asks about today, like every point-in-time page, and the page says so.
        """
        data = self._cleaned()
        if not (data.get("on") or data.get("as_agreed")):
            return None
        return as_of_from(data)

    def dates_used(self):
        """(on, as_agreed) the lines were filtered for; on is None when no date was asked for."""
        as_of = self.as_of_asked()
        return (as_of.on, as_of.as_agreed) if as_of else (None, None)

    def _cleaned(self) -> dict[str, Any]:
        return getattr(self.form, "cleaned_data", None) or {}

    def question(self) -> LookupQuestion:
        """What the lookup is about, for the notes beside its rows (`pricing.lookup.lookup_notes`)."""
        data = self._cleaned()
        name = LineQuery.read(data["q"]).product_text if data.get("q") else ""
        return LookupQuestion(agreement=data.get("agreement"), schedule=data.get("schedule"), name=name)
