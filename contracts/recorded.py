"""The agreement as the database recorded it at a moment (system time), from history.

Relations are wired by hand from rows rebuilt at the same moment, so an entity renamed later
shows its old name, and the number of queries does not depend on the length of the history.
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


def recorded_records(agreement_id, at) -> AgreementRecords | None:
    """The agreement's rows as recorded at `at`; None if it did not exist then."""
    agreements = rows_as_recorded(Agreement, at, id=agreement_id)
    if not agreements:
        return None
    [agreement] = agreements
    entities = by_id(rows_as_recorded(LegalEntity, at))
    amendments = by_id(rows_as_recorded(Amendment, at, agreement_id=agreement_id))
    provisions = by_id(rows_as_recorded(Provision, at, agreement_id=agreement_id))
    agreement.seller = entities.get(agreement.seller_id)
    for entity in entities.values():
        entity.parent = entities.get(entity.parent_id)
    for amendment in amendments.values():
        amendment.agreement = agreement
    memberships = []
    for membership in rows_as_recorded(CustomerMembership, at, agreement_id=agreement_id):
        membership.agreement = agreement
        membership.entity = entities[membership.entity_id]
        membership.added_by = amendments.get(membership.added_by_id)
        membership.evidenced_by = amendments.get(membership.evidenced_by_id)
        memberships.append(membership)
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
