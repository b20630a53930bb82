"""Contract pages: thin wiring from a request to one domain call and a template.

Pages that also show other apps' records (compare, as recorded, what an amendment changed) are
in `ledger`, which composes the apps; contracts never imports pricing or releases.
"""

import re
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, TemplateView

from contracts.filtersets import AgreementFilterSet, LegalEntityFilterSet
from contracts.forms import EntityLookupForm
from contracts.lookup import PAGE_SIZE, describe, entities_named
from contracts.models import Agreement, Amendment, LegalEntity, Provision, ProvisionVersion
from contracts.snapshot import agreement_snapshot, authorizations_by_entity
from contracts.tables import AgreementTable, LegalEntityTable
from core.pointintime.inputs import PagePointInTimeForm
from core.views import FilteredTableView, RoleRequiredMixin


class AgreementListView(FilteredTableView):
    permission_required = "contracts.view_agreement"
    queryset = Agreement.objects.select_related("seller")
    filterset_class = AgreementFilterSet
    table_class = AgreementTable
    template_name = "contracts/agreement_list.html"
    page_title = "Agreements"


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
        return super().get_context_data(
            form=form,
            snapshot=snapshot,
            provisions_by_amendment=provisions_by_amendment(snapshot.provisions) if snapshot else [],
            **kwargs,
        )


@dataclass(frozen=True)
class ProvisionShown:
    """A provision version as the agreement page shows it: numbered as its document numbers it."""

    version: ProvisionVersion
    number: str  # "Section 2", "Section 1.2", "A-1.15"; "" when the document gives none
    of: str  # "of the General Agreement", "of Appendix A", "of the amendment that added it"
    note: str  # the version's note, without the data file's loader keys

    @property
    def anchor(self) -> str:
        return f"provision-{self.version.provision_id}"  # the provision, not the version: links outlive edits


def provisions_by_amendment(versions: list[ProvisionVersion]) -> list[tuple[Amendment, list[ProvisionShown]]]:
    """The provisions in force, under the amendment that gave each its text (amendments in the order agreed)."""
    groups: dict[int, tuple[Amendment, list[ProvisionShown]]] = {}
    for version in versions:
        provision = version.provision
        shown = ProvisionShown(version, provision.number, _OF[provision.part], readable_note(version.note))
        groups.setdefault(version.amendment_id, (version.amendment, []))[1].append(shown)
    return sorted(groups.values(), key=lambda group: (group[0].effective_date, group[0].number))


_OF: dict[str, str] = {
    Provision.Part.AMENDMENT: "of the amendment that added it",
    Provision.Part.GENERAL_AGREEMENT: "of the General Agreement",
    Provision.Part.APPENDIX_A: "of Appendix A",
}


# The data file's cross-references ("discount_tables (key am2-a1-15-transmission)") name loader keys,
# which mean nothing to a reader: they stay in the data file and the admin, and read here as what they are.
_LOADER_REFERENCES = [
    (re.compile(r"\(\s*(?:see\s+)?discount_tables\s+\(?key\s+[\w-]+\)?\s*\)"), "(see the discount schedules)"),
    (
        re.compile(r"\(\s*see\s+discount_tables\s+key\s+[\w-]+\s+and\s+warranty_terms\s*\)"),
        "(see the discount schedules and warranty terms)",
    ),
    (re.compile(r"discount_tables\s+\(\s*key\s+[\w-]+\s*\)"), "the discount schedules"),
    (re.compile(r"\bdiscount_tables\b(?:\s+key\s+[\w-]+)?"), "the discount schedules"),
    (re.compile(r"\bwarranty_terms\b"), "the warranty terms"),
    (re.compile(r"\bin provision\s+[a-z0-9]+(?:-[a-z0-9]+)+"), "in the provision"),
]


def readable_note(note: str | None) -> str:
    note = note or ""
    for pattern, replacement in _LOADER_REFERENCES:
        note = pattern.sub(replacement, note)
    return note


class EntityListView(FilteredTableView):
    permission_required = "contracts.view_legalentity"
    queryset = LegalEntity.objects.select_related("parent").order_by("name", "pk")
    filterset_class = LegalEntityFilterSet
    table_class = LegalEntityTable
    template_name = "contracts/entity_list.html"
    page_title = "Legal entities"


class EntityLookupView(RoleRequiredMixin, TemplateView):
    """Type any name an entity goes by; see whether it may buy on a date, one page of matches at a time."""

    permission_required = "contracts.view_legalentity"
    template_name = "contracts/entity_lookup.html"

    def get_context_data(self, **kwargs):
        form = EntityLookupForm(self.request.GET)
        as_of = form.as_of()
        on, as_agreed = (as_of.on, as_of.as_agreed) if as_of else (None, None)
        name = form.cleaned_data["name"] if form.is_bound and as_of else ""
        agreement = form.cleaned_data.get("agreement") if name else None
        page, matches = None, []
        if name and as_of:
            found = entities_named(name, agreement=agreement)
            page = Paginator(found.entities, PAGE_SIZE).get_page(self.request.GET.get("page"))
            matches = describe(found, page, on=as_of.on, as_agreed=as_of.as_agreed, agreement=agreement)
        return super().get_context_data(
            form=form, on=on, as_agreed=as_agreed, name=name, agreement=agreement, page=page, matches=matches, **kwargs
        )


# An entity's page answers under its 50 oldest agreements (the entity lookup, given one, under any other)
# and lists its first 50 subsidiaries (the entity list, filtered by parent, shows them all).
AGREEMENTS_PER_ENTITY_PAGE = 50
SUBSIDIARIES_PER_ENTITY_PAGE = 50


class EntityDetailView(RoleRequiredMixin, DetailView):
    permission_required = "contracts.view_legalentity"
    model = LegalEntity
    template_name = "contracts/entity_detail.html"

    def get_object(self, queryset=None):
        return get_object_or_404(
            LegalEntity.objects.select_related("parent").prefetch_related("other_names"),
            pk=self.kwargs["pk"],
        )

    def get_context_data(self, **kwargs):
        form = PagePointInTimeForm(self.request.GET)
        as_of = form.as_of()
        on, as_agreed = (as_of.on, as_of.as_agreed) if as_of else (None, None)
        answers = (
            authorizations_by_entity([self.object], on=on, as_agreed=as_agreed, limit=AGREEMENTS_PER_ENTITY_PAGE)
            if on
            else {}
        )
        authorizations = answers.get(self.object.pk)
        subsidiaries = list(self.object.subsidiaries.order_by("name", "pk")[: SUBSIDIARIES_PER_ENTITY_PAGE + 1])
        return super().get_context_data(
            subsidiaries=subsidiaries[:SUBSIDIARIES_PER_ENTITY_PAGE],
            more_subsidiaries=len(subsidiaries) > SUBSIDIARIES_PER_ENTITY_PAGE,
            form=form,
            on=on,
            as_agreed=as_agreed,
            authorizations=authorizations.answers if authorizations else [],
            more_agreements=authorizations.not_shown if authorizations else 0,
            **kwargs,
        )
