"""Filters of the price-check and credits pages and API: agreement, buying entity, schedule, period."""

from typing import Any

import django_filters
from django import forms

from core.autocomplete import AutocompleteFilter
from core.forms import YesNoFilter
from purchases.models import Purchase
from purchases.pricecheck import MONTH, QUARTER, in_period, period_range

PERIOD_HELP = "A month (1998-08) or a quarter (1998-Q3) of the invoice date (the order date when there is none)."


class PeriodField(forms.CharField):
    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        if value and period_range(value) is None:
            raise forms.ValidationError("Give a month as 1998-08 or a quarter as 1998-Q3.", code="invalid")
        return value


class PeriodFilter(django_filters.CharFilter):
    field_class = PeriodField


def _unfiltered(queryset: Any, name: str, value: Any) -> Any:
    # Decided by the engine on the checked rows (`purchases.pricecheck.checked`), not in the database.
    return queryset


class PriceCheckFilterSet(django_filters.FilterSet):
    """What the database can narrow (agreement, entity, period) and what the engine decides (schedule,
    only variances), read by one form for the page and the API."""

    agreement = AutocompleteFilter(
        source="agreement", field_name="agreement", label="Agreement", help_text="Contract number, id or title."
    )
    entity = AutocompleteFilter(
        source="entity", field_name="buyer", label="Buying entity", help_text="The entity's key, id or exact name."
    )
    schedule = django_filters.CharFilter(
        label="Schedule",
        method=_unfiltered,
        max_length=30,
        help_text="Appendix A section of the product's schedule, e.g. A-1.15.",
    )
    period = PeriodFilter(label="Period", method="filter_period", max_length=7, help_text=PERIOD_HELP)
    only_variances = YesNoFilter(
        label="Only variances",
        method=_unfiltered,
        help_text="Only purchases invoiced at a discount other than the contract's (as agreed now).",
    )

    class Meta:
        model = Purchase
        fields = ["agreement", "entity", "schedule", "period", "only_variances"]

    def filter_period(self, queryset, name, value):
        start, end = period_range(value) or (None, None)
        return in_period(queryset, start, end) if start and end else queryset

    def engine_filters(self) -> dict[str, Any]:
        data = getattr(self.form, "cleaned_data", None) or {}
        return {"schedule": (data.get("schedule") or "").strip(), "only_variances": bool(data.get("only_variances"))}


class CreditFilterSet(PriceCheckFilterSet):
    """The credit claim: the same filters, and the period totals are by month or by quarter."""

    period_by = django_filters.ChoiceFilter(
        label="Totals by",
        method=_unfiltered,
        choices=[(MONTH, "month"), (QUARTER, "quarter")],
        empty_label=None,
        help_text="The period of the totals (of the invoice date).",
    )

    class Meta:
        model = Purchase
        fields = ["agreement", "entity", "schedule", "period", "period_by"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.filters["only_variances"]

    def totals_period(self) -> str:
        data = getattr(self.form, "cleaned_data", None) or {}
        return data.get("period_by") or MONTH
