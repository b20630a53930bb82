"""Filters of the discount lookup, shared by the page and the API."""

import django_filters
from django import forms
from django.utils import timezone

from pricing.choices import Component
from pricing.models import DiscountLine, DiscountSchedule, Product

_DATE = forms.DateInput(attrs={"type": "date"})


class DiscountLineFilterSet(django_filters.FilterSet):
    """Any product name, schedule, component; `on` / `as_agreed` keep only the lines in force then."""

    q = django_filters.CharFilter(
        label="Product",
        method="filter_names",
        help_text="Any name: as printed, without (TM)/(R), former name, abbreviation (PSAS), order code.",
    )
    schedule = django_filters.ModelChoiceFilter(
        label="Schedule", queryset=DiscountSchedule.objects.all(), field_name="table__schedule"
    )
    component = django_filters.ChoiceFilter(label="Component", choices=Component.choices)
    on = django_filters.DateFilter(
        label="On", method="filter_dates", widget=_DATE, help_text="Only lines in force on this date."
    )
    as_agreed = django_filters.DateFilter(
        label="As agreed on",
        method="filter_dates",
        widget=_DATE,
        help_text="Count only amendments effective by this date.",
    )

    class Meta:
        model = DiscountLine
        fields = ["q", "schedule", "component", "on", "as_agreed"]

    def filter_names(self, queryset, name, value):
        return queryset.filter(product__in=Product.objects.named(value).values("pk"))

    def filter_dates(self, queryset, name, value):
        # Both dates are applied together in `filter_queryset`; one alone means nothing here.
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        on, as_agreed = self.dates_used()
        if on is None:
            return queryset
        return queryset.in_force(on, as_agreed)

    def dates_used(self):
        """(on, as_agreed) the lines were filtered for; on is None when no date was asked for."""
        data = getattr(self.form, "cleaned_data", None) or {}
        on, as_agreed = data.get("on"), data.get("as_agreed")
        if on is None and as_agreed is not None:
            on = timezone.localdate()
        return on, as_agreed
