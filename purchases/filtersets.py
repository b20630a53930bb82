"""Filters of the purchase ledger, shared by the page and the API.

Agreement, buyer, product text and order dates are filtered in the database. A flag is computed
(`purchases.checks`), so filtering by one checks the purchases the other filters left, in chunks,
at most `MAX_FLAG_SCAN` of them: past that the user is asked to narrow the list first, on the flag
field. Only "bought under a remedy (b)" is a stored fact, filtered in the database.
"""

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema_field

from core.autocomplete import AutocompleteFilter
from core.validators import date_range_errors
from purchases.checks import (
    INVOICED_DIFFERS,
    NOT_CUSTOMER,
    NOT_ON_SCHEDULE,
    OUTSIDE_TERM,
    REMEDY_PURCHASE,
    check_purchases,
)
from purchases.forms import RemedyField
from purchases.models import Purchase

MAX_FLAG_SCAN = 5_000
FLAG_CHUNK = 500
FLAG_CHOICES = [
    (NOT_CUSTOMER, "Buyer not a Customer on the order date"),
    (OUTSIDE_TERM, "Ordered outside the Term"),
    (NOT_ON_SCHEDULE, "Product on no schedule"),
    (INVOICED_DIFFERS, "Invoiced discount differs from the contract"),
    (REMEDY_PURCHASE, "Bought elsewhere under a slip remedy (b)"),
]
_DATE = forms.DateInput(attrs={"type": "date"})


class TooManyToCheck(Exception):
    pass


def flagged(queryset: QuerySet[Purchase], code: str) -> QuerySet[Purchase]:
    """The purchases of `queryset` carrying flag `code`; `TooManyToCheck` past `MAX_FLAG_SCAN`."""
    if code == REMEDY_PURCHASE:
        return queryset.filter(remedy__isnull=False)
    ids = list(queryset.order_by("pk").values_list("pk", flat=True)[: MAX_FLAG_SCAN + 1])
    if len(ids) > MAX_FLAG_SCAN:
        raise TooManyToCheck
    matching = []
    for start in range(0, len(ids), FLAG_CHUNK):
        chunk = list(Purchase.objects.filter(pk__in=ids[start : start + FLAG_CHUNK]))
        matching += [check.purchase.pk for check in check_purchases(chunk) if code in check.flag_codes]
    return queryset.filter(pk__in=matching)


class RemedyFilter(AutocompleteFilter):
    field_class = RemedyField  # type: ignore[assignment]  # see AutocompleteFilter


class PurchaseFilterForm(forms.Form):
    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for field, message in date_range_errors(
            data.get("ordered_from"), data.get("ordered_to"), field="ordered_to", start_label="'Ordered from'"
        ).items():
            self.add_error(field, message)
        return data


class PurchaseFilterSet(django_filters.FilterSet):
    agreement = AutocompleteFilter(source="agreement", field_name="agreement", label="Agreement")
    buyer = AutocompleteFilter(source="entity", field_name="buyer", label="Buying entity")
    product = django_filters.CharFilter(
        method="filter_product", label="Product", max_length=100, help_text="Part of the product as entered."
    )
    ordered_from = django_filters.DateFilter(
        field_name="order_date", lookup_expr="gte", label="Ordered from", widget=_DATE
    )
    ordered_to = django_filters.DateFilter(field_name="order_date", lookup_expr="lte", label="Ordered to", widget=_DATE)
    flag = django_filters.ChoiceFilter(choices=FLAG_CHOICES, method="filter_flag", label="Flag")
    remedy = RemedyFilter(field_name="remedy", label="Slip remedy (b)", help_text="The remedy's id.")

    class Meta:
        model = Purchase
        fields: list[str] = []
        form = PurchaseFilterForm

    def filter_product(self, queryset: QuerySet[Purchase], name: str, value: str) -> QuerySet[Purchase]:
        return queryset.product_contains(value)  # type: ignore[attr-defined]  # a PurchaseQuerySet

    def filter_queryset(self, queryset: QuerySet[Purchase]) -> QuerySet[Purchase]:
        # The flag is applied last, over what every other filter left.
        code = self.form.cleaned_data.get("flag")
        filtered: QuerySet[Purchase] = super().filter_queryset(queryset)
        if not code:
            return filtered
        try:
            return flagged(filtered, code)
        except TooManyToCheck:
            self.form.add_error(
                "flag",
                f"More than {MAX_FLAG_SCAN:,} purchases match the other filters: narrow them (agreement, "
                "buying entity, order dates) before filtering by a flag.",
            )
            return filtered.none()

    @extend_schema_field({"type": "string", "enum": [code for code, _ in FLAG_CHOICES]})
    def filter_flag(self, queryset: QuerySet[Purchase], name: str, value: str) -> QuerySet[Purchase]:
        return queryset  # applied in `filter_queryset`, after the other filters
