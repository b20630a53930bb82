"""Contract pages: thin wiring from a request to one domain call and a template.

Pages that also show other apps' records (compare, as recorded, what an amendment changed) are
in `ledger`, which composes the apps; contracts never imports pricing or releases.
"""

from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, TemplateView
from django_tables2 import SingleTableView

from contracts.forms import EntityLookupForm
from contracts.lookup import find_entities
from contracts.models import Agreement, LegalEntity
from contracts.snapshot import agreement_snapshot, entity_authorizations
from contracts.tables import AgreementTable, LegalEntityTable
from core.pointintime.inputs import PagePointInTimeForm
from core.views import RoleRequiredMixin


class AgreementListView(RoleRequiredMixin, SingleTableView):
    permission_required = "contracts.view_agreement"
    model = Agreement
    table_class = AgreementTable
    queryset = Agreement.objects.select_related("seller")
    template_name = "contracts/agreement_list.html"


class AgreementDetailView(RoleRequiredMixin, DetailView):
    """The agreement as it stood on a date, counting amendments agreed by another date."""

    permission_required = "contracts.view_agreement"
    model = Agreement
    queryset = Agreement.objects.select_related("seller")
    template_name = "contracts/agreement_detail.html"

    def get_context_data(self, **kwargs):
        form = PagePointInTimeForm(self.request.GET)
        as_of = form.as_of()
        snapshot = as_of and agreement_snapshot(self.object, on=as_of.on, as_agreed=as_of.as_agreed)
        return super().get_context_data(form=form, snapshot=snapshot, **kwargs)


class EntityListView(RoleRequiredMixin, SingleTableView):
    permission_required = "contracts.view_legalentity"
    model = LegalEntity
    table_class = LegalEntityTable
    queryset = LegalEntity.objects.select_related("parent")
    template_name = "contracts/entity_list.html"


class EntityLookupView(RoleRequiredMixin, TemplateView):
    """Type any name an entity goes by; see whether it may buy on a date."""

    permission_required = "contracts.view_legalentity"
    template_name = "contracts/entity_lookup.html"

    def get_context_data(self, **kwargs):
        form = EntityLookupForm(self.request.GET)
        as_of = form.as_of()
        on, as_agreed = (as_of.on, as_of.as_agreed) if as_of else (None, None)
        name = form.cleaned_data["name"] if form.is_bound and as_of else ""
        matches = find_entities(name, on=as_of.on, as_agreed=as_of.as_agreed) if name and as_of else []
        return super().get_context_data(form=form, on=on, as_agreed=as_agreed, name=name, matches=matches, **kwargs)


class EntityDetailView(RoleRequiredMixin, DetailView):
    permission_required = "contracts.view_legalentity"
    model = LegalEntity
    template_name = "contracts/entity_detail.html"

    def get_object(self, queryset=None):
        return get_object_or_404(
            LegalEntity.objects.select_related("parent").prefetch_related("other_names", "subsidiaries"),
            pk=self.kwargs["pk"],
        )

    def get_context_data(self, **kwargs):
        form = PagePointInTimeForm(self.request.GET)
        as_of = form.as_of()
        on, as_agreed = (as_of.on, as_of.as_agreed) if as_of else (None, None)
        authorizations = entity_authorizations(self.object, on=on, as_agreed=as_agreed) if on else []
        return super().get_context_data(form=form, on=on, as_agreed=as_agreed, authorizations=authorizations, **kwargs)
