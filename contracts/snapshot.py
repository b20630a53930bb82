"""What the agreement says on a date: its customers, its term, its provisions in force.

Two dates drive every answer:
- `on`: the date the terms apply to (valid time);
- `as_agreed`: only amendments effective by that date count (contract time); `None` means every
  amendment on record.
A question the documents cannot answer gives `Standing.UNKNOWN` with the reason, never "no".
"""

from dataclasses import dataclass, field
from datetime import date
from enum import Enum

from contracts.models import Agreement, Amendment, CustomerMembership, ProvisionVersion, TermVersion


class Standing(Enum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


def combine(*standings: Standing) -> Standing:
    """All must hold: any NO makes NO; otherwise any UNKNOWN makes UNKNOWN."""
    if Standing.NO in standings:
        return Standing.NO
    if Standing.UNKNOWN in standings:
        return Standing.UNKNOWN
    return Standing.YES


@dataclass(frozen=True)
class AsOf:
    """The two dates a point-in-time answer was computed for."""

    on: date
    as_agreed: date | None = None

    def counts(self, amendment: Amendment) -> bool:
        return self.as_agreed is None or amendment.effective_date <= self.as_agreed


@dataclass(frozen=True)
class TermStanding:
    expiry_date: date | None
    version: TermVersion | None
    in_term: Standing
    reason: str


@dataclass(frozen=True)
class CustomerStanding:
    membership: CustomerMembership
    standing: Standing
    since: date | None
    reason: str

    @property
    def entity(self):
        return self.membership.entity


@dataclass(frozen=True)
class Authorization:
    """May this entity buy under this agreement on the date? With the reason."""

    agreement: Agreement
    standing: Standing
    since: date | None
    reason: str
    customer: CustomerStanding | None = None


@dataclass(frozen=True)
class AgreementSnapshot:
    agreement: Agreement
    as_of: AsOf
    amendments: list[Amendment]
    term: TermStanding
    customers: list[CustomerStanding]
    provisions: list[ProvisionVersion] = field(default_factory=list)

    @property
    def current_customers(self):
        return [c for c in self.customers if c.standing is Standing.YES]

    @property
    def unknown_customers(self):
        return [c for c in self.customers if c.standing is Standing.UNKNOWN]


def term_standing(agreement: Agreement, as_of: AsOf, versions=None) -> TermStanding:
    """The Term as agreed by `as_of.as_agreed`, and whether `as_of.on` falls within it."""
    if versions is None:
        versions = list(agreement.term_versions.select_related("amendment"))
    agreed = [v for v in versions if as_of.counts(v.amendment)]
    agreed.sort(key=lambda v: (v.amendment.effective_date, v.amendment.number))
    version = agreed[-1] if agreed else None
    if as_of.on < agreement.effective_date:
        return TermStanding(
            version and version.expiry_date,
            version,
            Standing.NO,
            f"The agreement takes effect on {agreement.effective_date:%Y-%m-%d}.",
        )
    if version is None:
        return TermStanding(
            None,
            None,
            Standing.UNKNOWN,
            "The Term's expiry is set by the General Agreement's Section 1.2, whose text is not "
            "in the documents, and no amendment counted so far changes it.",
        )
    source = f"{version.amendment} §{version.section}".rstrip(" §")
    if as_of.on > version.expiry_date:
        return TermStanding(
            version.expiry_date,
            version,
            Standing.NO,
            f"The Term expired on {version.expiry_date:%Y-%m-%d} ({source}).",
        )
    return TermStanding(
        version.expiry_date,
        version,
        Standing.YES,
        f"Within the Term, which expires on {version.expiry_date:%Y-%m-%d} ({source}).",
    )


def customer_standing(membership: CustomerMembership, as_of: AsOf) -> CustomerStanding:
    """Whether the membership makes its entity a Customer on `as_of.on`."""
    agreement_start = membership.agreement.effective_date
    if as_of.on < agreement_start:
        return CustomerStanding(membership, Standing.NO, None, "Before the agreement took effect.")
    if membership.valid_to and as_of.on > membership.valid_to:
        return CustomerStanding(
            membership,
            Standing.NO,
            membership.valid_from,
            f"Ceased to be a Customer after {membership.valid_to:%Y-%m-%d}.",
        )
    added_by = membership.added_by
    if added_by is not None:
        label = f"{added_by} (effective {added_by.effective_date:%Y-%m-%d})"
        if not as_of.counts(added_by):
            return CustomerStanding(
                membership,
                Standing.NO,
                None,
                f"Added by {label}, which was not yet agreed on {as_of.as_agreed:%Y-%m-%d}.",
            )
        if as_of.on < membership.valid_from:
            return CustomerStanding(
                membership,
                Standing.NO,
                None,
                f"A Customer only from {membership.valid_from:%Y-%m-%d}, added by {label}.",
            )
        return CustomerStanding(
            membership,
            Standing.YES,
            membership.valid_from,
            f"A Customer since {membership.valid_from:%Y-%m-%d}, added by {label}.",
        )
    evidence = membership.evidenced_by
    evidence_date = evidence.effective_date
    if as_of.on >= evidence_date and as_of.counts(evidence):
        return CustomerStanding(
            membership,
            Standing.YES,
            membership.valid_from,
            f"Already a Customer in {evidence} (effective {evidence_date:%Y-%m-%d}); when it "
            "became one is not in the documents.",
        )
    return CustomerStanding(
        membership,
        Standing.UNKNOWN,
        None,
        f"First shown as a Customer by {evidence} (effective {evidence_date:%Y-%m-%d}); "
        "whether it was one earlier is not in the documents.",
    )


@dataclass(frozen=True)
class AgreementRecords:
    """The rows a snapshot is computed from: read live, or rebuilt from history (`contracts.recorded`)."""

    agreement: Agreement
    amendments: list[Amendment]
    memberships: list[CustomerMembership]
    term_versions: list[TermVersion]
    provision_versions: list[ProvisionVersion]


def live_records(agreement: Agreement) -> AgreementRecords:
    """The agreement's rows as the database holds them now (a fixed number of queries)."""
    return AgreementRecords(
        agreement=agreement,
        amendments=list(agreement.amendments.all()),
        memberships=list(CustomerMembership.objects.with_sources().filter(agreement=agreement)),
        term_versions=list(agreement.term_versions.select_related("amendment")),
        provision_versions=list(
            ProvisionVersion.objects.filter(provision__agreement=agreement).select_related("provision", "amendment")
        ),
    )


def provisions_in_force(versions, as_of: AsOf) -> list[ProvisionVersion]:
    """Provision versions in force on `as_of.on`; a replacement ends what came before it."""
    by_provision: dict[int, list[ProvisionVersion]] = {}
    for version in versions:
        if not as_of.counts(version.amendment) or version.valid_from > as_of.on:
            continue
        if version.valid_to and version.valid_to < as_of.on:
            continue
        by_provision.setdefault(version.provision_id, []).append(version)
    in_force = []
    for group in by_provision.values():
        group.sort(key=lambda v: (v.valid_from, v.amendment.effective_date, v.amendment.number))
        replacements = [i for i, v in enumerate(group) if v.action == ProvisionVersion.Action.REPLACE]
        start = replacements[-1] if replacements else 0
        in_force.extend(group[start:])
    in_force.sort(key=lambda v: (v.provision.part, _section_sort_key(v.provision.section), v.valid_from))
    return in_force


def _section_sort_key(section: str):
    parts = []
    for token in section.replace("-", ".").split("."):
        parts.append((0, int(token), "") if token.isdigit() else (1, 0, token))
    return parts


def agreement_snapshot(
    agreement: Agreement, *, on: date, as_agreed: date | None = None, records: AgreementRecords | None = None
) -> AgreementSnapshot:
    """The whole agreement as it stood on `on`, counting amendments effective by `as_agreed`."""
    records = records or live_records(agreement)
    as_of = AsOf(on=on, as_agreed=as_agreed)
    customers = [customer_standing(m, as_of) for m in records.memberships]
    customers.sort(key=lambda c: (c.standing is not Standing.YES, c.since or date.max, c.entity.name))
    return AgreementSnapshot(
        agreement=records.agreement,
        as_of=as_of,
        amendments=[a for a in records.amendments if as_of.counts(a)],
        term=term_standing(records.agreement, as_of, versions=records.term_versions),
        customers=customers,
        provisions=provisions_in_force(records.provision_versions, as_of),
    )


def entity_authorizations(
    entity, *, on: date, as_agreed: date | None = None, agreements=None, memberships=None
) -> list[Authorization]:
    """For each agreement: may `entity` buy under it on `on`? Never-added entities get NO.

    `agreements` (with term versions prefetched) and the entity's `memberships` may be passed in
    when many entities are asked about at once, so the answer costs no further queries.
    """
    as_of = AsOf(on=on, as_agreed=as_agreed)
    if agreements is None:
        agreements = Agreement.objects.select_related("seller").prefetch_related("term_versions__amendment")
    if memberships is None:
        memberships = CustomerMembership.objects.with_sources().filter(entity=entity)
    by_agreement = {m.agreement_id: m for m in memberships}
    results = []
    for agreement in agreements:
        membership = by_agreement.get(agreement.pk)
        if membership is None:
            results.append(
                Authorization(
                    agreement, Standing.NO, None, f"Never added as a Customer under {agreement.contract_number}."
                )
            )
            continue
        customer = customer_standing(membership, as_of)
        term = term_standing(agreement, as_of, versions=list(agreement.term_versions.all()))
        standing = combine(customer.standing, term.in_term)
        reason = customer.reason if customer.standing is Standing.NO else f"{customer.reason} {term.reason}"
        results.append(Authorization(agreement, standing, customer.since, reason, customer))
    return results
