from django.contrib import admin

from core.admin import AddOnlyInlineMixin, AuditedAdmin
from releases.models import ForecastRevision, ProductLine, Release, ReleaseGroup, ReleaseSchedule, Remedy

# What Exhibit B says is loaded from the data file and read-only here; admins record what happened since.
_AS_WRITTEN = [
    "group",
    "position",
    "name_as_written",
    "ci_fsa_as_written",
    "ga_as_written",
    "column_ambiguous",
    "single_value_as_written",
    "note",
]


@admin.register(ReleaseSchedule)
class ReleaseScheduleAdmin(AuditedAdmin):
    list_display = ["__str__", "amendment", "exhibit"]


@admin.register(ProductLine)
class ProductLineAdmin(AuditedAdmin):
    list_display = ["name", "name_as_written", "schedule", "position"]
    search_fields = ["name", "name_as_written"]


@admin.register(ReleaseGroup)
class ReleaseGroupAdmin(AuditedAdmin):
    list_display = ["__str__", "product_line", "position"]
    list_select_related = ["product_line"]


class ForecastRevisionInline(AddOnlyInlineMixin, admin.TabularInline):
    model = ForecastRevision
    extra = 0
    readonly_fields = ["recorded_by"]


class RemedyInline(AddOnlyInlineMixin, admin.StackedInline):
    model = Remedy
    extra = 0


@admin.register(Release)
class ReleaseAdmin(AuditedAdmin):
    list_display = [
        "name_as_written",
        "group",
        "ci_fsa_as_written",
        "ga_as_written",
        "single_value_as_written",
    ]
    list_filter = ["column_ambiguous", "group__product_line"]
    list_select_related = ["group__product_line"]
    search_fields = ["name_as_written", "group__product_line__name"]
    readonly_fields = _AS_WRITTEN
    fields = [*_AS_WRITTEN, "ci_fsa_actual_date", "ga_actual_date", "need_by_date"]
    inlines = [ForecastRevisionInline, RemedyInline]

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            revision = inline_form.instance
            if isinstance(revision, ForecastRevision) and revision.recorded_by_id is None:
                revision.recorded_by = request.user
        super().save_formset(request, form, formset, change)


@admin.register(ForecastRevision)
class ForecastRevisionAdmin(AuditedAdmin):
    list_display = ["release", "milestone", "forecast_as_written", "recorded_on", "recorded_by"]
    list_filter = ["milestone"]
    list_select_related = ["release__group__product_line", "recorded_by"]
    autocomplete_fields = ["release"]
    readonly_fields = ["recorded_by"]

    def save_model(self, request, obj, form, change):
        if obj.recorded_by_id is None:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Remedy)
class RemedyAdmin(AuditedAdmin):
    list_display = ["release", "option", "agreed_on", "substitute_provided_on", "changed_out_on"]
    list_filter = ["option"]
    list_select_related = ["release__group__product_line"]
    autocomplete_fields = ["release"]
