"""Drafts in the Django admin: for repairs only. Contract admins draft and execute on `/drafts/`."""

from django.contrib import admin

from core.admin import AuditedAdmin
from drafts import models


class DraftsAdmin(AuditedAdmin):
    show_full_result_count = False


@admin.register(models.AmendmentDraft)
class AmendmentDraftAdmin(DraftsAdmin):
    list_display = ["__str__", "agreement", "number", "effective_date", "status", "author", "created_at"]
    list_filter = ["status"]
    list_select_related = ["agreement", "author"]
    search_fields = ["agreement__contract_number", "new_contract_number", "title"]
    autocomplete_fields = ["agreement", "new_seller"]
    # Who approved and what it became are set by executing and approving, never typed.
    readonly_fields = ["status", "author", "approved_by", "approved_at", "executed_amendment", "retroactive_confirmed"]


class _PartAdmin(DraftsAdmin):
    list_select_related = ["draft"]
    search_fields = ["draft__agreement__contract_number"]
    raw_id_fields = ["draft"]


for part in (
    models.CustomerChange,
    models.ProvisionChange,
    models.DiscountChange,
    models.WarrantyChange,
    models.ReleaseChange,
    models.SignatureChange,
):
    # Pickers of other records by id: a select of every line or release of a portfolio would not load.
    admin.site.register(
        part,
        type(
            f"{part.__name__}Admin",
            (_PartAdmin,),
            {
                "raw_id_fields": [
                    "draft",
                    *[f.name for f in part._meta.get_fields() if f.many_to_one and f.name != "draft"],
                ],
            },
        ),
    )
