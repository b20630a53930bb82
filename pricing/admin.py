"""Admin of the pricing records, sized for a portfolio.

Every reference to a big table (agreements, amendments, schedules, tables, products) is an
autocomplete box, never a select of every row; list filters are the small fixed choices only (a
filter on schedule or amendment would list thousands); lists read their related rows in the same
query and skip the unfiltered total (`show_full_result_count = False`).
"""

from django.contrib import admin

from core.admin import AddOnlyInlineMixin, AuditedAdmin
from pricing import models


class PortfolioAdmin(AuditedAdmin):
    show_full_result_count = False


@admin.register(models.DiscountSchedule)
class DiscountScheduleAdmin(PortfolioAdmin):
    list_display = ["section", "title", "agreement"]
    search_fields = ["section", "title", "agreement__contract_number"]
    autocomplete_fields = ["agreement"]
    list_select_related = ["agreement"]


class ProductNameInline(AddOnlyInlineMixin, admin.TabularInline):
    model = models.ProductName


@admin.register(models.Product)
class ProductAdmin(PortfolioAdmin):
    list_display = ["name", "schedule", "family"]
    search_fields = ["name"]
    autocomplete_fields = ["schedule"]
    list_select_related = ["schedule"]
    inlines = [ProductNameInline]

    def get_search_results(self, request, queryset, search_term):
        """Any of the product's names, through their text-search index (the lookup's own search)."""
        if not search_term.strip():
            return queryset, False
        return queryset.filter(pk__in=models.Product.objects.named(search_term).values("pk")), False


class DiscountRuleInline(AddOnlyInlineMixin, admin.StackedInline):
    model = models.DiscountRule


@admin.register(models.DiscountTable)
class DiscountTableAdmin(PortfolioAdmin):
    list_display = ["key", "schedule", "amendment", "amendment_section", "action", "valid_from"]
    list_filter = ["action"]
    search_fields = ["key", "heading_as_written"]
    autocomplete_fields = ["schedule", "amendment"]
    list_select_related = ["schedule", "amendment"]
    inlines = [DiscountRuleInline]


@admin.register(models.DiscountLine)
class DiscountLineAdmin(PortfolioAdmin):
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
    list_filter = ["component", "condition"]
    search_fields = ["product__name", "product_as_written"]
    autocomplete_fields = ["table", "amendment", "product"]
    list_select_related = ["amendment", "product"]


@admin.register(models.WarrantyTerm)
class WarrantyTermAdmin(PortfolioAdmin):
    list_display = ["key", "schedule", "product", "component", "months", "days", "amendment"]
    list_filter = ["component"]
    search_fields = ["key", "text"]
    autocomplete_fields = ["amendment", "schedule", "product"]
    list_select_related = ["amendment", "schedule", "product"]


@admin.register(models.ProductName)
class ProductNameAdmin(PortfolioAdmin):
    list_display = ["name", "kind", "component", "product"]
    list_filter = ["kind"]
    search_fields = ["name", "product__name"]
    autocomplete_fields = ["product"]
    list_select_related = ["product"]


@admin.register(models.DiscountRule)
class DiscountRuleAdmin(PortfolioAdmin):
    list_display = ["kind", "table", "text_ref", "percent", "order_code"]
    list_filter = ["kind"]
    search_fields = ["text", "applies_to"]
    autocomplete_fields = ["table"]
    list_select_related = ["table__schedule", "table__amendment"]


class PriceComparisonRowInline(AddOnlyInlineMixin, admin.TabularInline):
    model = models.PriceComparisonRow


@admin.register(models.PriceComparison)
class PriceComparisonAdmin(PortfolioAdmin):
    list_display = ["exhibit", "title", "amendment"]
    search_fields = ["exhibit", "title"]
    autocomplete_fields = ["amendment"]
    list_select_related = ["amendment"]
    inlines = [PriceComparisonRowInline]


@admin.register(models.PriceComparisonRow)
class PriceComparisonRowAdmin(PortfolioAdmin):
    list_display = ["item", "kind", "old", "new", "reduction_percent", "comparison"]
    list_filter = ["kind"]
    search_fields = ["item"]
    autocomplete_fields = ["comparison"]
    list_select_related = ["comparison"]


class SavedQuoteLineInline(AddOnlyInlineMixin, admin.TabularInline):
    model = models.SavedQuoteLine


@admin.register(models.SavedQuote)
class SavedQuoteAdmin(PortfolioAdmin):
    list_display = ["title", "owner", "agreement", "entity", "on", "saved_at"]
    search_fields = ["title", "owner__username"]
    autocomplete_fields = ["agreement", "entity", "owner"]
    list_select_related = ["owner", "agreement", "entity"]
    inlines = [SavedQuoteLineInline]


@admin.register(models.SavedQuoteLine)
class SavedQuoteLineAdmin(PortfolioAdmin):
    list_display = ["quote", "position", "product", "quantity", "list_price"]
    autocomplete_fields = ["quote"]
    list_select_related = ["quote"]
