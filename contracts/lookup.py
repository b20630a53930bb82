"""Finding entities by any of their names and saying whether they may buy on a date."""

from dataclasses import dataclass
from datetime import date

from contracts.models import Agreement, CustomerMembership, LegalEntity
from contracts.names import normalize_name
from contracts.snapshot import Authorization, entity_authorizations
from core.pointintime.standing import Standing

MAX_MATCHES = 50


@dataclass(frozen=True)
class EntityMatch:
    entity: LegalEntity
    matched_name: str
    exact: bool
    authorizations: list[Authorization]


def find_entities(name: str, *, on: date, as_agreed: date | None = None) -> list[EntityMatch]:
    """Exact matches on any name first; if there are none, names containing the text."""
    entities = LegalEntity.objects.named(name)
    exact = entities.exists()
    if not exact:
        entities = LegalEntity.objects.search(name)
    entities = list(entities.select_related("parent").prefetch_related("other_names").order_by("name")[:MAX_MATCHES])
    # One read of the agreements and of the matches' memberships serves every match.
    agreements = list(Agreement.objects.select_related("seller").prefetch_related("term_versions__amendment"))
    memberships: dict[int, list] = {}
    for membership in CustomerMembership.objects.with_sources().filter(entity__in=entities):
        memberships.setdefault(membership.entity_id, []).append(membership)
    matches = [
        EntityMatch(
            entity=entity,
            matched_name=_matched_name(entity, name),
            exact=exact,
            authorizations=entity_authorizations(
                entity, on=on, as_agreed=as_agreed, agreements=agreements, memberships=memberships.get(entity.pk, [])
            ),
        )
        for entity in entities
    ]
    key = normalize_name(name)
    return sorted(matches, key=lambda match: _rank(match, key))


def _rank(match: EntityMatch, key: str) -> tuple:
    """Closest name first (equal, then starting with the text, then fewest extra characters); among
    equally close names, those that may buy on the date before the others."""
    names = [match.entity.normalized_name, *(other.normalized_name for other in match.entity.other_names.all())]
    closeness = min(
        ((name != key, not name.startswith(key), len(name) - len(key)) for name in names if key in name),
        default=(True, True, 0),
    )
    standing = 0 if any(a.standing is Standing.YES for a in match.authorizations) else 1
    return (*closeness, standing, match.entity.name)


def _matched_name(entity, text):
    key = normalize_name(text)
    for other in entity.other_names.all():
        if key and key in other.normalized_name:
            return f"{other.name} ({other.get_kind_display().lower()})"
    return entity.name
