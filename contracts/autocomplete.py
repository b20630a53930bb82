"""Suggestion sources for the contract records users pick in forms (see `core.autocomplete`)."""

from dataclasses import dataclass
from typing import cast

from django.db.models import QuerySet

from contracts.models import Agreement, LegalEntity
from contracts.querysets import EntityQuerySet
from core.autocomplete import Source, register


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
        return cast(EntityQuerySet, self.queryset())


register(
    EntitySource(
        name="entity",
        queryset=lambda: LegalEntity.objects.order_by("name", "pk"),
        key_field="slug",
        search_fields=("name",),
        permission="contracts.view_legalentity",
        label=lambda entity: f"{entity.name} ({entity.slug})",
    )
)
register(
    Source(
        name="agreement",
        queryset=lambda: Agreement.objects.order_by("contract_number"),
        key_field="contract_number",
        search_fields=("title",),
        permission="contracts.view_agreement",
        label=lambda agreement: f"{agreement.contract_number} · {agreement.title}",
    )
)
