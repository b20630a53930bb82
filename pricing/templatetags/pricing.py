"""Template helpers of the pricing app."""

from django import template
from django.db.models import Count

from pricing.models import DiscountTable, WarrantyTerm

register = template.Library()


@register.simple_tag
def pricing_changes(amendment):
    """The discount tables and warranty terms an amendment printed, in two queries."""
    tables = (
        DiscountTable.objects.filter(amendment=amendment)
        .select_related("schedule", "amendment")
        .annotate(line_count=Count("lines", distinct=True), rule_count=Count("rules", distinct=True))
    )
    warranties = WarrantyTerm.objects.filter(amendment=amendment).select_related("schedule", "product")
    return {"tables": list(tables), "warranties": list(warranties)}
