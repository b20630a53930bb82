from django.contrib import admin

from core.admin import AddOnlyInlineMixin, AuditedAdmin
from releases.models import ForecastRevision, ProductLine, Release, ReleaseGroup, ReleaseSchedule, Remedy

# With a portfolio these tables hold hundreds of thousands of rows: foreign keys are picked by
# autocomplete (never a select of every row), and a changelist counts only the rows it filters
# (`show_full_result_count = False`), not the whole table again.


@admin.register(ReleaseSchedule)
class ReleaseScheduleAdmin(AuditedAdmin):
    list_display = ["__str__", "amendment", "exhibit"]
    list_select_related = ["amendment"]
    autocomplete_fields = ["amendment"]
    search_fields = ["title", "amendment__agreement__contract_number"]


@admin.register(ProductLine)
class ProductLineAdmin(AuditedAdmin):
    list_display = ["name", "name_as_written", "schedule", "position"]
    list_select_related = ["schedule__amendment"]
    search_fields = ["name", "name_as_written"]
    autocomplete_fields = ["schedule"]
    show_full_result_count = False


@admin.register(ReleaseGroup)
class ReleaseGroupAdmin(AuditedAdmin):
    list_display = ["__str__", "product_line", "position"]
    list_select_related = ["product_line"]
    search_fields = ["name", "product_line__name"]
    autocomplete_fields = ["product_line"]
    show_full_result_count = False


class ForecastRevisionInline(AddOnlyInlineMixin, admin.TabularInline):
    model = ForecastRevision
    readonly_fields = ["recorded_by"]


class RemedyInline(AddOnlyInlineMixin, admin.StackedInline):
    model = Remedy


@admin.register(Release)
class ReleaseAdmin(AuditedAdmin):
    list_display = [
        "name_as_written",
        "group",
        "ci_fsa_as_written",
        "ga_as_written",
        "single_value_as_written",
    ]
    # No filter by product line: it would list every product line of every agreement; search names it.
    list_filter = ["column_ambiguous"]
    list_select_related = ["group__product_line"]
    search_fields = ["name_as_written", "group__product_line__name"]
    show_full_result_count = False
    # What Exhibit B says is loaded from the data file and read-only here; admins record what happened since.
    readonly_fields = Release.AS_WRITTEN_FIELDS
    fields = [*Release.AS_WRITTEN_FIELDS, *Release.TRACKING_FIELDS]
    inlines = [ForecastRevisionInline, RemedyInline]

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            revision = inline_form.instance
            if isinstance(revision, ForecastRevision) and revision.recorded_by_id is None:
                revision.recorded_by = request.user
        super().save_formset(request, form, formset, change)


class _AboutAReleaseAdmin(AuditedAdmin):
    """Records about one release: picked by autocomplete, listed with the release's product line."""

    autocomplete_fields = ["release"]
    list_select_related = ["release__group__product_line"]
    show_full_result_count = False


@admin.register(ForecastRevision)
class ForecastRevisionAdmin(_AboutAReleaseAdmin):
    list_display = ["release", "milestone", "forecast_as_written", "recorded_on", "recorded_by"]
    list_filter = ["milestone"]
    list_select_related = [*_AboutAReleaseAdmin.list_select_related, "recorded_by"]
    readonly_fields = ["recorded_by"]

    def save_model(self, request, obj, form, change):
        if obj.recorded_by_id is None:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Remedy)
class RemedyAdmin(_AboutAReleaseAdmin):
    list_display = ["release", "option", "agreed_on", "substitute_provided_on", "changed_out_on"]
    list_filter = ["option"]
