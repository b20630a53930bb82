"""Contract pages: thin wiring from a request to one domain call and a template."""

from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, TemplateView
from django_tables2 import SingleTableView

from contracts.forms import EntityLookupForm
from contracts.lookup import find_entities
from contracts.models import Agreement, Amendment, LegalEntity
from contracts.snapshot import agreement_snapshot, entity_authorizations
from contracts.tables import AgreementTable, LegalEntityTable
from core.forms import AsOfForm
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
        form = AsOfForm(self.request.GET)
        on, as_agreed = form.dates()
        snapshot = agreement_snapshot(self.object, on=on, as_agreed=as_agreed)
        return super().get_context_data(form=form, snapshot=snapshot, **kwargs)


class AmendmentDetailView(RoleRequiredMixin, DetailView):
    """What one amendment changed."""

    permission_required = "contracts.view_amendment"
    model = Amendment
    template_name = "contracts/amendment_detail.html"

    def get_queryset(self):
        return Amendment.objects.select_related("agreement").prefetch_related(
            "signatures__entity",
            "customers_added__entity",
            "customers_evidenced__entity",
            "term_versions",
            "provision_versions__provision",
        )


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
        on, as_agreed = form.dates()
        name = form.cleaned_data.get("name", "") if form.submitted and form.is_valid() else ""
        matches = find_entities(name, on=on, as_agreed=as_agreed) if name else []
        return super().get_context_data(
            form=form, on=on, as_agreed=as_agreed, name=name, matches=matches, **kwargs
        )


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
        form = AsOfForm(self.request.GET)
        on, as_agreed = form.dates()
        authorizations = entity_authorizations(self.object, on=on, as_agreed=as_agreed)
        return super().get_context_data(
            form=form, on=on, as_agreed=as_agreed, authorizations=authorizations, **kwargs
        )
