"""Finding entities by any of their names and saying whether they may buy on a date.

The entities going by a name are ranked and counted in the database (`entities_named`); whether each
may buy is then decided for one page of them only (`describe`), under the agreements that concern it
(`contracts.snapshot.authorizations_by_entity`), so the cost of a page does not depend on the size of
the portfolio.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet, prefetch_related_objects

from contracts.models import Agreement, LegalEntity
from contracts.names import normalize_name
from contracts.snapshot import Authorization, authorizations_by_entity
from core.pointintime.standing import Standing

PAGE_SIZE = 20
# Whether a match may buy is shown under at most this many of its agreements; name one to ask about it.
AGREEMENTS_PER_MATCH = 10


@dataclass(frozen=True)
class EntityMatch:
    entity: LegalEntity
    matched_name: str
    exact: bool
    authorizations: list[Authorization]
    more_agreements: int = 0


@dataclass(frozen=True)
class EntitiesNamed:
    """Every entity going by a name, best first (not yet read): exact matches if any, else names containing it."""

    name: str
    exact: bool
    entities: QuerySet[LegalEntity]


def entities_named(name: str, *, agreement: Agreement | None = None) -> EntitiesNamed:
    """Exact matches on any name first; if there are none, names containing the text.

    Closest names first; with `agreement`, that agreement's Customers before the others.
    """
    entities = LegalEntity.objects.named(name)
    exact = entities.exists()
    if not exact:
        entities = LegalEntity.objects.search(name)
    entities = entities.closest_first(name)
    if agreement is not None:
        entities = entities.members_of_first(agreement)
    return EntitiesNamed(name=name, exact=exact, entities=entities.select_related("parent"))


def describe(
    found: EntitiesNamed, page, *, on: date, as_agreed: date | None = None, agreement: Agreement | None = None
) -> list[EntityMatch]:
    """One page of `found.entities` (already read), with whether each may buy on `on`.

    Within the page, among equally close names, those that may buy come first.
    """
    entities = list(page)
    prefetch_related_objects(entities, "other_names")
    authorizations = authorizations_by_entity(
        entities, on=on, as_agreed=as_agreed, agreement=agreement, limit=AGREEMENTS_PER_MATCH
    )
    matches = [
        EntityMatch(
            entity=entity,
            matched_name=_matched_name(entity, found.name),
            exact=found.exact,
            authorizations=authorizations[entity.pk].answers,
            more_agreements=authorizations[entity.pk].not_shown,
        )
        for entity in entities
    ]
    return sorted(matches, key=_rank)


def find_entities(
    name: str, *, on: date, as_agreed: date | None = None, agreement: Agreement | None = None, limit: int = PAGE_SIZE
) -> list[EntityMatch]:
    """The first `limit` entities going by `name`, with whether each may buy on `on`."""
    found = entities_named(name, agreement=agreement)
    return describe(found, found.entities[:limit], on=on, as_agreed=as_agreed, agreement=agreement)


def _rank(match: EntityMatch) -> tuple:
    entity = match.entity
    standing = 0 if any(a.standing is Standing.YES for a in match.authorizations) else 1
    # Annotated by `entities_named`: the same order as the database's, refined by the standing.
    return (not getattr(entity, "in_agreement", True), getattr(entity, "closeness", 0), standing)


def _matched_name(entity, text):
    key = normalize_name(text)
    for other in entity.other_names.all():
        if key and key in other.normalized_name:
            return f"{other.name} ({other.get_kind_display().lower()})"
    return entity.name
