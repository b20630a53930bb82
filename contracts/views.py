"""Contract pages: thin wiring from a request to one domain call and a template."""

from dataclasses import replace

from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, TemplateView
from django_tables2 import SingleTableView

from contracts.compare import compare_snapshots
from contracts.forms import CompareForm, EntityLookupForm, RecordedAtForm
from contracts.lookup import find_entities
from contracts.models import Agreement, Amendment, LegalEntity
from contracts.recorded import recorded_records
from contracts.snapshot import agreement_snapshot, entity_authorizations
from contracts.tables import AgreementTable, LegalEntityTable
from core.forms import AsOfForm
from core.views import RoleRequiredMixin
from pricing.compare import discount_changes_between, discount_changes_since
from releases.compare import schedule_changes_between, schedule_changes_since


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
        dates = form.dates()
        snapshot = dates and agreement_snapshot(self.object, on=dates[0], as_agreed=dates[1])
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
        on, as_agreed = form.dates() or (None, None)
        name = form.cleaned_data["name"] if form.submitted and on else ""
        matches = find_entities(name, on=on, as_agreed=as_agreed) if name else []
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
        form = AsOfForm(self.request.GET)
        on, as_agreed = form.dates() or (None, None)
        authorizations = entity_authorizations(self.object, on=on, as_agreed=as_agreed) if on else []
        return super().get_context_data(form=form, on=on, as_agreed=as_agreed, authorizations=authorizations, **kwargs)


class AgreementRecordedView(RoleRequiredMixin, DetailView):
    """The agreement as the database recorded it at a moment, next to what it holds now."""

    permission_required = ("contracts.view_agreement", "core.view_history")
    model = Agreement
    template_name = "contracts/agreement_recorded.html"

    def get_context_data(self, **kwargs):
        form = RecordedAtForm(self.request.GET)
        context = {"form": form}
        if form.submitted and form.is_valid():
            on, as_agreed = form.dates()
            at = form.cleaned_data["at"]
            now = agreement_snapshot(self.object, on=on, as_agreed=as_agreed)
            context.update(at=at, on=on, as_agreed=as_agreed, now=now, then=None, diff=None)
            records = recorded_records(self.object.pk, at)
            if records is not None:
                then = agreement_snapshot(records.agreement, on=on, as_agreed=as_agreed, records=records)
                diff = replace(
                    compare_snapshots(then, now),
                    discounts=discount_changes_since(self.object, at),
                    releases=schedule_changes_since(self.object, at),
                )
                context.update(then=then, diff=diff)
        return super().get_context_data(**context, **kwargs)


class AgreementCompareView(RoleRequiredMixin, DetailView):
    """What differs between two points in time (e.g. before and after an amendment)."""

    permission_required = "contracts.view_agreement"
    model = Agreement
    template_name = "contracts/agreement_compare.html"

    def get_context_data(self, **kwargs):
        form = CompareForm(self.request.GET or None)
        context = {"form": form}
        if form.is_valid():
            data = form.cleaned_data
            left = agreement_snapshot(self.object, on=data["left_on"], as_agreed=data["left_as_agreed"])
            right = agreement_snapshot(self.object, on=data["right_on"], as_agreed=data["right_as_agreed"])
            context["diff"] = replace(
                compare_snapshots(left, right),
                discounts=discount_changes_between(self.object, left.as_of, right.as_of),
                releases=schedule_changes_between(self.object, left.as_of, right.as_of),
            )
        return super().get_context_data(**context, **kwargs)
