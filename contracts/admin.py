from django.contrib import admin

from contracts.models import (
    Agreement,
    Amendment,
    CustomerMembership,
    EntityName,
    LegalEntity,
    Provision,
    ProvisionVersion,
    Signature,
    TermVersion,
)
from core.admin import AddOnlyInlineMixin, AuditedAdmin


class EntityNameInline(AddOnlyInlineMixin, admin.TabularInline):
    model = EntityName
    extra = 0


@admin.register(LegalEntity)
class LegalEntityAdmin(AuditedAdmin):
    list_display = ["name", "legal_form", "jurisdiction", "parent"]
    list_filter = ["legal_form", "jurisdiction"]
    search_fields = ["name", "other_names__name"]
    autocomplete_fields = ["parent"]
    inlines = [EntityNameInline]


@admin.register(EntityName)
class EntityNameAdmin(AuditedAdmin):
    list_display = ["name", "kind", "entity", "source"]
    list_filter = ["kind"]
    search_fields = ["name", "entity__name"]
    autocomplete_fields = ["entity"]


@admin.register(Agreement)
class AgreementAdmin(AuditedAdmin):
    list_display = ["contract_number", "title", "effective_date", "seller"]
    search_fields = ["contract_number", "title"]
    autocomplete_fields = ["seller"]


class SignatureInline(AddOnlyInlineMixin, admin.StackedInline):
    model = Signature
    extra = 0
    autocomplete_fields = ["entity"]


@admin.register(Amendment)
class AmendmentAdmin(AuditedAdmin):
    list_display = ["__str__", "agreement", "effective_date", "exhibit_label", "text_available"]
    list_filter = ["agreement"]
    search_fields = ["title", "recitals"]
    inlines = [SignatureInline]


@admin.register(CustomerMembership)
class CustomerMembershipAdmin(AuditedAdmin):
    list_display = ["entity", "agreement", "added_by", "evidenced_by", "valid_from", "valid_to"]
    list_filter = ["agreement", "added_by"]
    search_fields = ["entity__name"]
    autocomplete_fields = ["entity"]


@admin.register(TermVersion)
class TermVersionAdmin(AuditedAdmin):
    list_display = ["agreement", "amendment", "expiry_date"]


class ProvisionVersionInline(AddOnlyInlineMixin, admin.StackedInline):
    model = ProvisionVersion
    extra = 0


@admin.register(Provision)
class ProvisionAdmin(AuditedAdmin):
    list_display = ["__str__", "agreement", "part", "section"]
    list_filter = ["part"]
    search_fields = ["section", "title"]
    inlines = [ProvisionVersionInline]


@admin.register(ProvisionVersion)
class ProvisionVersionAdmin(AuditedAdmin):
    list_display = ["provision", "amendment", "action", "valid_from", "valid_to"]
    list_filter = ["action", "amendment"]
    search_fields = ["text", "provision__section", "provision__title"]


@admin.register(Signature)
class SignatureAdmin(AuditedAdmin):
    list_display = ["__str__", "amendment", "title", "date", "date_as_written"]
    list_filter = ["amendment"]
    search_fields = ["signatory", "by_as_written", "entity__name"]
    autocomplete_fields = ["entity"]
