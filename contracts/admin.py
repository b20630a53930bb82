from django.contrib import admin

from contracts import models
from core.admin import AddOnlyInlineMixin, AuditedAdmin


class EntityNameInline(AddOnlyInlineMixin, admin.TabularInline):
    model = models.EntityName


@admin.register(models.LegalEntity)
class LegalEntityAdmin(AuditedAdmin):
    list_display = ["name", "legal_form", "jurisdiction", "parent"]
    list_filter = ["legal_form", "jurisdiction"]
    search_fields = ["name", "other_names__name"]
    autocomplete_fields = ["parent"]
    inlines = [EntityNameInline]


@admin.register(models.EntityName)
class EntityNameAdmin(AuditedAdmin):
    list_display = ["name", "kind", "entity", "source"]
    list_filter = ["kind"]
    search_fields = ["name", "entity__name"]
    autocomplete_fields = ["entity"]


@admin.register(models.Agreement)
class AgreementAdmin(AuditedAdmin):
    list_display = ["contract_number", "title", "effective_date", "seller"]
    search_fields = ["contract_number", "title"]
    autocomplete_fields = ["seller"]


class SignatureInline(AddOnlyInlineMixin, admin.StackedInline):
    model = models.Signature
    autocomplete_fields = ["entity"]


@admin.register(models.Amendment)
class AmendmentAdmin(AuditedAdmin):
    list_display = ["__str__", "agreement", "effective_date", "exhibit_label", "text_available"]
    list_filter = ["agreement"]
    search_fields = ["title", "recitals"]
    inlines = [SignatureInline]


@admin.register(models.CustomerMembership)
class CustomerMembershipAdmin(AuditedAdmin):
    list_display = ["entity", "agreement", "added_by", "evidenced_by", "valid_from", "valid_to"]
    list_filter = ["agreement", "added_by"]
    search_fields = ["entity__name"]
    autocomplete_fields = ["entity"]


@admin.register(models.TermVersion)
class TermVersionAdmin(AuditedAdmin):
    list_display = ["agreement", "amendment", "expiry_date"]


class ProvisionVersionInline(AddOnlyInlineMixin, admin.StackedInline):
    model = models.ProvisionVersion


@admin.register(models.Provision)
class ProvisionAdmin(AuditedAdmin):
    list_display = ["__str__", "agreement", "part", "section"]
    list_filter = ["part"]
    search_fields = ["section", "title"]
    inlines = [ProvisionVersionInline]


@admin.register(models.ProvisionVersion)
class ProvisionVersionAdmin(AuditedAdmin):
    list_display = ["provision", "amendment", "action", "valid_from", "valid_to"]
    list_filter = ["action", "amendment"]
    search_fields = ["text", "provision__section", "provision__title"]


@admin.register(models.Signature)
class SignatureAdmin(AuditedAdmin):
    list_display = ["__str__", "amendment", "title", "date", "date_as_written"]
    list_filter = ["amendment"]
    search_fields = ["signatory", "by_as_written", "entity__name"]
    autocomplete_fields = ["entity"]
