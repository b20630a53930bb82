"""Filters of the discount lookup, shared by the page and the API."""

import django_filters

from core.pointintime.dates import AsOf
from core.pointintime.inputs import PointInTimeFilter, as_of_from
from pricing.choices import Component
from pricing.models import DiscountLine, DiscountSchedule, Product


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
    on = PointInTimeFilter("on", help_text="Only the lines in force on this date. Empty: every line.")
    as_agreed = PointInTimeFilter("as_agreed")

    class Meta:
        model = DiscountLine
        fields = ["q", "schedule", "component", "on", "as_agreed"]

    def filter_names(self, queryset, name, value):
        return queryset.filter(product__in=Product.objects.named(value).values("pk"))

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        as_of = self.as_of_asked()
        if as_of is None:
            return queryset
        return queryset.in_force(as_of.on, as_of.as_agreed)

    def as_of_asked(self) -> AsOf | None:
        """The point in time the lines are filtered for; None when no date was asked for (every line).

        "As agreed on" alone asks about today, like every point-in-time page, and the page says so.
        """
        data = getattr(self.form, "cleaned_data", None) or {}
        if not (data.get("on") or data.get("as_agreed")):
            return None
        return as_of_from(data)

    def dates_used(self):
        """(on, as_agreed) the lines were filtered for; on is None when no date was asked for."""
        as_of = self.as_of_asked()
        return (as_of.on, as_of.as_agreed) if as_of else (None, None)
