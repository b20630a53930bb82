"""Suggestion sources for the contract records users pick in forms (see `core.autocomplete`).

Entities may be narrowed by an agreement (`agreement`): its Customers, whatever the date; with a date
(`on`, and `as_agreed`), the entities that are its Customers on that date (`contracts.snapshot`).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from contracts.models import Agreement, LegalEntity
from contracts.querysets import EntityQuerySet, with_words
from contracts.snapshot import customer_memberships_on
from core.autocomplete import AutocompleteField, Source, register
from core.pointintime.dates import AsOf


@dataclass(frozen=True)
class EntitySource(Source):
    """Entities by any name they go by (former names, defined terms, variants), through the name indexes.

    Case, punctuation and (TM) are ignored, as in the entity lookup (a key typed whole, "kmc-telecom-iii",
    is found through the name it was made from).
    """

    def matches(self, text: str) -> QuerySet[LegalEntity]:
        return self._entities().search(text)

    def named(self, text: str) -> LegalEntity:
        """The one entity going by `text` (any spelling); `DoesNotExist` if none or several."""
        found = list(self._entities().named(text)[:2])
        if len(found) != 1:
            raise LegalEntity.DoesNotExist
        return found[0]

    def _entities(self) -> EntityQuerySet:
        return cast(EntityQuerySet, self.records())


def _agreement_field() -> forms.Field:
    return AutocompleteField("agreement")


def _customers(entities: QuerySet[Any], values: Mapping[str, Any]) -> QuerySet[Any]:
    """The agreement's Customers (on the date, when one is given); nothing to narrow without an agreement."""
    agreement: Agreement | None = values.get("agreement")
    if agreement is None:
        return entities
    if values.get("on") is None:
        return cast(EntityQuerySet, entities).customers_of(agreement)
    as_of = AsOf(on=values["on"], as_agreed=values.get("as_agreed"))
    return entities.filter(pk__in=[m.entity_id for m in customer_memberships_on(agreement, as_of)])


register(
    EntitySource(
        name="entity",
        queryset=lambda: LegalEntity.objects.order_by("name", "pk"),
        key_field="slug",
        search_fields=("name",),
        permission="contracts.view_legalentity",
        label=lambda entity: f"{entity.name} ({entity.slug})",
        forward={"agreement": _agreement_field, "on": forms.DateField, "as_agreed": forms.DateField},
        narrow=_customers,
    )
)


class AgreementSource(Source):
    """Agreements by words of their contract number or title, through the compact indexes."""

    def matches(self, text: str) -> QuerySet[Agreement]:
        return with_words(self.records(), text, ("contract_number", "title"))

    def named(self, text: str) -> Agreement:
        """The one agreement titled `text` (any case); `DoesNotExist` if none or several. The title's
        words find the candidates through the index; the whole title is then compared."""
        found = list(with_words(self.records(), text, ("title",)).filter(title__iexact=text)[:2])
        if len(found) != 1:
            raise Agreement.DoesNotExist
        return found[0]


register(
    AgreementSource(
        name="agreement",
        queryset=lambda: Agreement.objects.order_by("contract_number"),
        key_field="contract_number",
        search_fields=("title",),
        permission="contracts.view_agreement",
        label=lambda agreement: f"{agreement.contract_number} · {agreement.title}",
    )
)
