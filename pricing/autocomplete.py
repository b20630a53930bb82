"""Suggestion sources for the pricing records users pick in forms (see `core.autocomplete`).

A schedule is named by its section ("A-1.15"), which is unique only within its agreement: forms that
choose a schedule narrow this source's queryset to the agreement asked (`pricing.filtersets`), and
refuse a section several agreements share when no agreement is given (`ScheduleField`).

Products are suggested, never chosen by key: a product is named in a quote or a search by any of its
names, which the engine and `ProductQuerySet.named` resolve (several matches are a question to the
user, not an error).
"""

from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from core.autocomplete import AutocompleteField, AutocompleteFilter, Source, register
from pricing.models import DiscountSchedule, Product
from pricing.querysets import ProductQuerySet


def _agreement_field() -> forms.Field:
    return AutocompleteField("agreement")


register(
    Source(
        name="schedule",
        queryset=lambda: DiscountSchedule.objects.select_related("agreement").order_by("section", "agreement_id"),
        key_field="section",
        search_fields=("title",),
        permission="pricing.view_discountschedule",
        label=lambda schedule: f"{schedule.section} {schedule.title} ({schedule.agreement.contract_number})",
        forward={"agreement": _agreement_field},
        narrow=lambda schedules, values: schedules.filter(agreement=values["agreement"]),
    )
)
register(
    Source(
        name="product",
        queryset=lambda: Product.objects.select_related("schedule__agreement").order_by("name", "pk"),
        key_field="name",
        search_fields=("name",),
        permission="pricing.view_product",
        label=lambda product: (
            f"{product.name} ({product.schedule.section}, {product.schedule.agreement.contract_number})"
        ),
        search=lambda products, text: cast(ProductQuerySet, products).named(text),  # any name, through its index
        forward={"agreement": _agreement_field},
        narrow=lambda products, values: products.filter(schedule__agreement=values["agreement"]),
    )
)


class ScheduleField(AutocompleteField):
    """A schedule by section, id or exact title; a section shared by several schedules of the queryset
    (several agreements, when none was chosen) is refused rather than guessed."""

    default_error_messages = {
        "ambiguous": "Several agreements have a schedule %(value)s; choose the agreement first, or give the id.",
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.pop("source", None)
        super().__init__("schedule", **kwargs)

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str) and value.strip() and "\x00" not in value:
            queryset: QuerySet[DiscountSchedule] = self.queryset  # type: ignore[assignment]  # given by __init__
            if queryset.filter(section=value.strip())[:2].count() > 1:
                raise forms.ValidationError(
                    self.error_messages["ambiguous"], code="ambiguous", params={"value": value.strip()}
                )
        return super().to_python(value)


class ScheduleFilter(AutocompleteFilter):
    field_class = ScheduleField  # type: ignore[assignment]  # see AutocompleteFilter
