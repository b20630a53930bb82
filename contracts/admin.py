"""The Django admin for the contract records, sized for a portfolio.

Every relation to an entity, agreement, amendment or provision is chosen through the admin's
autocomplete (never a select listing every row), list pages read their relations in the same query
(`list_select_related`) and skip the count of the whole table (`show_full_result_count = False`), and
no list filter lists the rows of a big table.
"""

from django.contrib import admin
from django.utils.html import format_html

from contracts import models
from core.admin import AddOnlyInlineMixin, AuditedAdmin


class ContractsAdmin(AuditedAdmin):
    show_full_result_count = False


class EntityNameInline(AddOnlyInlineMixin, admin.TabularInline):
    model = models.EntityName


@admin.register(models.LegalEntity)
class LegalEntityAdmin(ContractsAdmin):
    list_display = ["name", "legal_form", "jurisdiction", "parent"]
    list_filter = ["legal_form"]
    list_select_related = ["parent"]
    search_fields = ["name", "slug", "other_names__name"]
    autocomplete_fields = ["parent"]
    inlines = [EntityNameInline]


@admin.register(models.EntityName)
class EntityNameAdmin(ContractsAdmin):
    list_display = ["name", "kind", "entity", "source"]
    list_filter = ["kind"]
    list_select_related = ["entity"]
    search_fields = ["name", "entity__name"]
    autocomplete_fields = ["entity"]


@admin.register(models.Agreement)
class AgreementAdmin(ContractsAdmin):
    list_display = ["contract_number", "title", "effective_date", "seller"]
    list_select_related = ["seller"]
    search_fields = ["contract_number", "title"]
    autocomplete_fields = ["seller"]


class SignatureInline(AddOnlyInlineMixin, admin.StackedInline):
    model = models.Signature
    autocomplete_fields = ["entity"]


@admin.register(models.Amendment)
class AmendmentAdmin(ContractsAdmin):
    list_display = ["__str__", "agreement", "effective_date", "exhibit_label", "text_available"]
    list_filter = ["text_available"]
    list_select_related = ["agreement"]
    search_fields = ["agreement__contract_number", "contract_number", "title"]
    autocomplete_fields = ["agreement"]
    inlines = [SignatureInline]


@admin.register(models.CustomerMembership)
class CustomerMembershipAdmin(ContractsAdmin):
    list_display = ["entity", "agreement", "added_by", "evidenced_by", "valid_from", "valid_to"]
    list_select_related = ["entity", "agreement", "added_by", "evidenced_by"]
    search_fields = ["entity__name", "agreement__contract_number"]
    autocomplete_fields = ["agreement", "entity", "added_by", "evidenced_by"]


@admin.register(models.TermVersion)
class TermVersionAdmin(ContractsAdmin):
    list_display = ["agreement", "amendment", "expiry_date"]
    list_select_related = ["agreement", "amendment"]
    search_fields = ["agreement__contract_number"]
    autocomplete_fields = ["agreement", "amendment"]


class ProvisionVersionInline(AddOnlyInlineMixin, admin.StackedInline):
    model = models.ProvisionVersion
    autocomplete_fields = ["amendment"]


@admin.register(models.Provision)
class ProvisionAdmin(ContractsAdmin):
    list_display = ["__str__", "agreement", "part", "section"]
    list_filter = ["part"]
    list_select_related = ["agreement"]
    search_fields = ["agreement__contract_number", "section", "title"]
    autocomplete_fields = ["agreement"]
    inlines = [ProvisionVersionInline]


@admin.register(models.ProvisionVersion)
class ProvisionVersionAdmin(ContractsAdmin):
    list_display = ["provision", "amendment", "action", "valid_from", "valid_to"]
    list_filter = ["action"]
    list_select_related = ["provision", "amendment"]
    search_fields = ["provision__agreement__contract_number", "provision__section", "provision__title"]
    autocomplete_fields = ["provision", "amendment"]


@admin.register(models.Signature)
class SignatureAdmin(ContractsAdmin):
    list_display = ["__str__", "amendment", "title", "date", "date_as_written"]
    list_select_related = ["amendment", "entity"]
    search_fields = ["signatory", "by_as_written", "entity__name"]
    autocomplete_fields = ["amendment", "entity"]


@admin.register(models.Document)
class DocumentAdmin(ContractsAdmin):
    """Repairs only (title, amendment): files come through the checked upload and are never replaced here."""

    list_display = ["title", "agreement", "amendment", "content_type", "size", "uploaded_by", "uploaded_at"]
    list_select_related = ["agreement", "amendment", "uploaded_by"]
    search_fields = ["title", "original_name", "sha256", "agreement__contract_number"]
    autocomplete_fields = ["amendment"]
    fields = [
        "title",
        "amendment",
        "agreement",
        "download",
        "original_name",
        "content_type",
        "size",
        "sha256",
        "uploaded_by",
        "uploaded_at",
    ]
    readonly_fields = [
        "agreement",
        "download",
        "original_name",
        "content_type",
        "size",
        "sha256",
        "uploaded_by",
        "uploaded_at",
    ]

    def has_add_permission(self, request):
        return False

    @admin.display(description="file")
    def download(self, obj):
        return format_html('<a href="{}">Download</a>', obj.get_absolute_url()) if obj.pk else "—"
