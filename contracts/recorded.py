"""The agreement as the database recorded it at a moment (system time), from history.

Relations are wired by hand from rows rebuilt at the same moment, so an entity renamed later
shows its old name, and the number of queries does not depend on the length of the history.
Only the agreement's own rows are rebuilt: every history query is filtered by the agreement (or by
the ids its rows name) on an indexed column, so the cost does not grow with the portfolio.
"""

from contracts.models import (
    Agreement,
    Amendment,
    CustomerMembership,
    LegalEntity,
    Provision,
    ProvisionVersion,
    TermVersion,
)
from contracts.snapshot import AgreementRecords
from core.recorded import by_id, rows_as_recorded

# Parents of parents are rebuilt too, two levels per query; a longer chain is a data error, not a portfolio.
MAX_PARENT_LEVELS = 5


def recorded_records(agreement_id, at) -> AgreementRecords | None:
    """The agreement's rows as recorded at `at`; None if it did not exist then."""
    agreements = rows_as_recorded(Agreement, at, id=agreement_id)
    if not agreements:
        return None
    [agreement] = agreements
    amendments = by_id(rows_as_recorded(Amendment, at, agreement_id=agreement_id))
    provisions = by_id(rows_as_recorded(Provision, at, agreement_id=agreement_id))
    memberships = rows_as_recorded(CustomerMembership, at, agreement_id=agreement_id)
    entities = _entities_as_recorded(at, {agreement.seller_id, *(m.entity_id for m in memberships)})
    agreement.seller = entities.get(agreement.seller_id)
    for amendment in amendments.values():
        amendment.agreement = agreement
    for membership in memberships:
        membership.agreement = agreement
        membership.entity = entities[membership.entity_id]
        membership.added_by = amendments.get(membership.added_by_id)
        membership.evidenced_by = amendments.get(membership.evidenced_by_id)
    term_versions = []
    for version in rows_as_recorded(TermVersion, at, agreement_id=agreement_id):
        version.amendment = amendments[version.amendment_id]
        term_versions.append(version)
    provision_versions = []
    for version in rows_as_recorded(ProvisionVersion, at, provision_id__in=list(provisions)):
        version.provision = provisions[version.provision_id]
        version.amendment = amendments[version.amendment_id]
        provision_versions.append(version)
    return AgreementRecords(
        agreement=agreement,
        amendments=sorted(amendments.values(), key=lambda a: a.number),
        memberships=memberships,
        term_versions=term_versions,
        provision_versions=provision_versions,
    )


def _entities_as_recorded(at, ids) -> dict:
    """The entities `ids` as recorded at `at`, with their parents (rebuilt too, never read live).

    Each query reads the entities wanted and, through their history, every parent they had by `at`:
    one query for a customer and its group, one more per further level.
    """
    history = LegalEntity.history.model
    entities: dict = {}
    wanted = sorted({pk for pk in ids if pk is not None})
    for _ in range(MAX_PARENT_LEVELS):
        if not wanted:
            break
        asked = history.objects.order_by().filter(id__in=wanted)
        parents = asked.filter(history_date__lte=at, parent_id__isnull=False).values("parent_id")
        entities.update(by_id(rows_as_recorded(LegalEntity, at, id__in=asked.values("id").union(parents))))
        wanted = sorted({e.parent_id for e in entities.values() if e.parent_id is not None} - entities.keys())
    for entity in entities.values():
        # A parent not found was deleted by then (or lies past the last level read): none recorded.
        entity.parent = entities.get(entity.parent_id)
    return entities
