from django.contrib import admin

from core.admin import AddOnlyInlineMixin, AuditedAdmin
from pricing import models


@admin.register(models.DiscountSchedule)
class DiscountScheduleAdmin(AuditedAdmin):
    list_display = ["section", "title", "agreement"]
    search_fields = ["section", "title"]


class ProductNameInline(AddOnlyInlineMixin, admin.TabularInline):
    model = models.ProductName


@admin.register(models.Product)
class ProductAdmin(AuditedAdmin):
    list_display = ["name", "schedule", "family"]
    list_filter = ["schedule"]
    search_fields = ["name", "other_names__name"]
    inlines = [ProductNameInline]


class DiscountRuleInline(AddOnlyInlineMixin, admin.StackedInline):
    model = models.DiscountRule


@admin.register(models.DiscountTable)
class DiscountTableAdmin(AuditedAdmin):
    list_display = ["key", "schedule", "amendment", "amendment_section", "action", "valid_from"]
    list_filter = ["schedule", "action", "amendment"]
    search_fields = ["key", "heading_as_written"]
    inlines = [DiscountRuleInline]


@admin.register(models.DiscountLine)
class DiscountLineAdmin(AuditedAdmin):
    """Overlapping validity is refused by DiscountLine.clean() (and on PostgreSQL by the database)."""

    list_display = [
        "product_as_written",
        "component",
        "condition",
        "percent",
        "no_number_reason",
        "valid_from",
        "valid_to",
        "amendment",
    ]
    list_filter = ["table__schedule", "component", "condition", "amendment"]
    search_fields = ["product__name", "product_as_written"]
    autocomplete_fields = ["product"]
    list_select_related = ["amendment", "product"]


@admin.register(models.WarrantyTerm)
class WarrantyTermAdmin(AuditedAdmin):
    list_display = ["key", "schedule", "product", "component", "months", "days", "amendment"]
    list_filter = ["amendment", "component"]
    search_fields = ["key", "text"]
    autocomplete_fields = ["product"]


@admin.register(models.ProductName)
class ProductNameAdmin(AuditedAdmin):
    list_display = ["name", "kind", "component", "product"]
    list_filter = ["kind"]
    search_fields = ["name", "product__name"]
    autocomplete_fields = ["product"]


@admin.register(models.DiscountRule)
class DiscountRuleAdmin(AuditedAdmin):
    list_display = ["kind", "table", "text_ref", "percent", "order_code"]
    list_filter = ["kind"]
    search_fields = ["text", "applies_to"]
