from django.contrib import admin

from core.admin import AuditedAdmin
from obligations.models import Commitment, SeatUse, TrainingIncentive, TrainingProductGroup

# Foreign keys are picked by autocomplete (never a select of every row of a portfolio).


class TrainingProductGroupInline(admin.TabularInline):
    model = TrainingProductGroup
    extra = 0


@admin.register(TrainingIncentive)
class TrainingIncentiveAdmin(AuditedAdmin):
    list_display = ["__str__", "agreement", "threshold", "seats_per_threshold", "use_within_months"]
    list_select_related = ["agreement", "amendment"]
    autocomplete_fields = ["agreement", "amendment"]
    raw_id_fields = ["clause"]
    search_fields = ["section", "agreement__contract_number"]
    inlines = [TrainingProductGroupInline]


@admin.register(SeatUse)
class SeatUseAdmin(AuditedAdmin):
    list_display = ["used_on", "attendee", "course", "incentive", "recorded_by"]
    list_select_related = ["incentive__amendment", "recorded_by"]
    search_fields = ["attendee", "course"]
    autocomplete_fields = ["incentive"]
    show_full_result_count = False

    def save_model(self, request, obj, form, change):
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Commitment)
class CommitmentAdmin(AuditedAdmin):
    list_display = ["title", "kind", "obligor", "agreement", "amendment", "amendment_section"]
    list_filter = ["kind", "obligor"]
    list_select_related = ["agreement", "amendment"]
    autocomplete_fields = ["agreement", "amendment"]
    raw_id_fields = ["clause"]
    search_fields = ["title", "key", "agreement__contract_number"]


@admin.register(TrainingProductGroup)
class TrainingProductGroupAdmin(AuditedAdmin):
    list_display = ["clause", "incentive", "position"]
    list_select_related = ["incentive__amendment"]
    search_fields = ["clause", "products"]
    autocomplete_fields = ["incentive"]
