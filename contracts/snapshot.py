"""What the agreement says on a date: its customers, its term, its provisions in force.

Two dates drive every answer:
- `on`: the date the terms apply to (valid time);
- `as_agreed`: only amendments effective by that date count (contract time); `None` means every
  amendment on record.
A question the documents cannot answer gives `Standing.UNKNOWN` with the reason, never "no".

This module decides the contract's own questions (the Term, who is a Customer, which provisions are in
force); which version is in force is decided by `core.pointintime.supersession`, and every other app
(pricing's quote and lookup, the pages, the API) asks these functions rather than deciding for itself.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import cast

from contracts.models import Agreement, Amendment, CustomerMembership, ProvisionVersion, TermVersion
from core.pointintime.dates import AsOf
from core.pointintime.standing import Check, Standing, Verdict
from core.pointintime.supersession import always, in_force, latest_onwards


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
    """May this entity buy under this agreement on the date: a Customer then, and within the Term.

    `reason` gives only the deciding checks (the failing one when the answer is no), and `since` is
    given only when the answer is yes: a Customer whose Term has ended is not "no since" the day it
    became a Customer.
    """

    agreement: Agreement
    verdict: Verdict
    customer: CustomerStanding | None = None
    term: TermStanding | None = None

    @property
    def standing(self) -> Standing:
        return self.verdict.standing

    @property
    def reason(self) -> str:
        return self.verdict.reason

    @property
    def reasons(self) -> tuple[str, ...]:
        return self.verdict.reasons

    @property
    def checks(self) -> tuple[Check, ...]:
        return self.verdict.checks

    @property
    def since(self) -> date | None:
        if self.standing is not Standing.YES or self.customer is None:
            return None
        return self.customer.since


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
    # Each Term version replaces the one before; the Term has no start date of its own.
    latest = latest_onwards(
        [v for v in versions if as_of.counts(v.amendment)],
        group=lambda v: v.agreement_id,
        order=lambda v: (v.amendment.effective_date, v.amendment.number),
        replaces=always,
    )
    version = latest[-1] if latest else None
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
        # An entity added by an amendment has its start date (`CustomerMembership.clean`).
        valid_from = cast(date, membership.valid_from)
        label = f"{added_by} (effective {added_by.effective_date:%Y-%m-%d})"
        if not as_of.counts(added_by):
            return CustomerStanding(
                membership,
                Standing.NO,
                None,
                f"Added by {label}, which was not yet agreed on {as_of.as_agreed:%Y-%m-%d}.",
            )
        if as_of.on < valid_from:
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
    # DECISIONS.md 2026-11-26: a recital is evidence. The amendments recite that "Customer" (the entities
    # their preamble names) "previously entered into" the General Agreement: those entities were
    # Customers from the General Agreement's effective date, whatever the as-agreed date.
    # Not added by an amendment, so evidenced by one (constraint membership_has_source).
    evidence = cast(Amendment, membership.evidenced_by)
    return CustomerStanding(
        membership,
        Standing.YES,
        agreement_start,
        f"A Customer from the General Agreement's effective date ({agreement_start:%Y-%m-%d}), per the "
        f'recital of {evidence} (effective {evidence.effective_date:%Y-%m-%d}) that Customer "previously '
        'entered into" the General Agreement.',
    )


def customer_memberships_on(agreement: Agreement, as_of: AsOf) -> list[CustomerMembership]:
    """The memberships that make their entity a Customer of `agreement` on `as_of.on` (`customer_standing`).

    One query: an agreement's memberships are read whole (a few dozen) through its index.
    """
    memberships = CustomerMembership.objects.filter(agreement=agreement).select_related(
        "agreement", "added_by", "evidenced_by"
    )
    return [m for m in memberships if customer_standing(m, as_of).standing is Standing.YES]


def authorization(
    agreement: Agreement,
    as_of: AsOf,
    *,
    entity=None,
    membership: CustomerMembership | None = None,
    term_versions=None,
) -> Authorization:
    """May `entity` buy under `agreement` on `as_of.on`? Both checks, combined once, for every caller.

    `membership` is the entity's membership under this agreement (None: never added). Without an
    entity (a quote that names none) the Customer check is unknown.
    """
    term = term_standing(agreement, as_of, versions=term_versions)
    customer = None
    if entity is None:
        customer_check = Check(Standing.UNKNOWN, "No buying entity given: whether it is a Customer is not checked.")
    elif membership is None:
        customer_check = Check(
            Standing.NO, f"{entity.name} was never added as a Customer under {agreement.contract_number}."
        )
    else:
        customer = customer_standing(membership, as_of)
        customer_check = Check(customer.standing, f"{entity.name}: {customer.reason}")
    verdict = Verdict.of((customer_check, Check(term.in_term, term.reason)))
    return Authorization(agreement, verdict, customer, term)


@dataclass(frozen=True)
class AgreementRecords:
    """The rows a snapshot is computed from: read live, or rebuilt from history (`contracts.recorded`)."""

    agreement: Agreement
    amendments: list[Amendment]
    memberships: list[CustomerMembership]
    term_versions: list[TermVersion]
    provision_versions: list[ProvisionVersion]


def live_records(agreement: Agreement) -> AgreementRecords:
    """The agreement's rows as the database holds them now (five queries, whatever its size).

    The amendments are read once and handed to the rows that cite them (a membership's `added_by` and
    `evidenced_by`, a version's `amendment`), as the agreement is to its own rows, instead of being
    joined again into each query: every join is SQL the ORM builds anew on every request, and building
    costs more than running it.
    """
    amendments = list(agreement.amendments.all())
    by_id = {amendment.pk: amendment for amendment in amendments}
    memberships = list(agreement.memberships.select_related("entity"))
    term_versions = list(agreement.term_versions.all())
    provision_versions = list(
        ProvisionVersion.objects.filter(provision__agreement=agreement).select_related("provision")
    )
    _attach(memberships, ("added_by", "evidenced_by"), by_id)
    _attach(term_versions, ("amendment",), by_id)
    _attach(provision_versions, ("amendment",), by_id)
    return AgreementRecords(
        agreement=agreement,
        amendments=amendments,
        memberships=memberships,
        term_versions=term_versions,
        provision_versions=provision_versions,
    )


def _attach(rows, fields: tuple[str, ...], known: dict) -> None:
    """Give each row's foreign keys `fields` the objects of `known` they point to (one not there loads as usual)."""
    for row in rows:
        for name in fields:
            target = known.get(getattr(row, f"{name}_id"))
            if target is not None:
                setattr(row, name, target)


def provisions_in_force(versions, as_of: AsOf) -> list[ProvisionVersion]:
    """Provision versions in force on `as_of.on`; a replacement ends what came before it, an addition does not.

    A deletion ends what came before it and leaves nothing in force.
    """
    ending = (ProvisionVersion.Action.REPLACE, ProvisionVersion.Action.DELETE)
    in_force_now = in_force(
        versions,
        as_of,
        agreed_by=lambda v: v.amendment,
        group=lambda v: v.provision_id,
        order=lambda v: (v.valid_from, v.amendment.effective_date, v.amendment.number),
        replaces=lambda v: v.action in ending,
    )
    in_force_now = [v for v in in_force_now if v.action != ProvisionVersion.Action.DELETE]
    in_force_now.sort(key=lambda v: (v.provision.part, _section_sort_key(v.provision.section), v.valid_from))
    return in_force_now


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
    entity,
    *,
    on: date,
    as_agreed: date | None = None,
    agreement: Agreement | None = None,
    agreements=None,
    memberships=None,
) -> list[Authorization]:
    """May `entity` buy on `on`, under each agreement that concerns it (see `authorizations_by_entity`).

    A caller that has read the agreements to ask about (with their term versions prefetched) and the
    entity's memberships passes them as `agreements` and `memberships`: exactly those agreements are
    asked about, at no further query.
    """
    if agreements is None:
        return authorizations_by_entity([entity], on=on, as_agreed=as_agreed, agreement=agreement)[entity.pk].answers
    as_of = AsOf(on=on, as_agreed=as_agreed)
    if memberships is None:
        memberships = CustomerMembership.objects.with_sources().filter(entity=entity, agreement__in=agreements)
    by_agreement = {m.agreement_id: m for m in memberships}
    return [
        authorization(
            asked,
            as_of,
            entity=entity,
            membership=by_agreement.get(asked.pk),
            term_versions=list(asked.term_versions.all()),
        )
        for asked in agreements
    ]


@dataclass(frozen=True)
class EntityAuthorizations:
    """May one entity buy: `answers` under the first agreements that concern it, `total` of them in all."""

    answers: list[Authorization]
    total: int

    @property
    def not_shown(self) -> int:
        return self.total - len(self.answers)


def authorizations_by_entity(
    entities,
    *,
    on: date,
    as_agreed: date | None = None,
    agreement: Agreement | None = None,
    limit: int | None = None,
) -> dict[int, EntityAuthorizations]:
    """For each of `entities` (one page of them): may it buy on `on`, and under which agreements.

    The agreements asked about are `agreement` when one is given (a never-added entity gets NO under it),
    or the only agreement on record when there is just one; otherwise those the entity was ever added
    to as a Customer (the first `limit` of them, oldest first): an entity is not asked about under every
    agreement of the portfolio. Three queries whatever the number of agreements: the sole agreement,
    the entities' memberships, their Term versions.
    """
    if not entities:
        return {}
    as_of = AsOf(on=on, as_agreed=as_agreed)
    if agreement is None:
        agreement = Agreement.objects.sole()
    # The entities are the page's own objects (given to their memberships below), not joined again.
    memberships = CustomerMembership.objects.select_related("added_by", "evidenced_by", "agreement").filter(
        entity__in=[entity.pk for entity in entities]
    )
    if agreement is not None:
        memberships = memberships.filter(agreement=agreement)
    elif limit is not None:
        memberships = memberships.first_agreements(limit)
    by_entity: dict[int, dict[int, CustomerMembership]] = {}
    totals: dict[int, int] = {}
    agreements = {agreement.pk: agreement} if agreement is not None else {}
    page = {entity.pk: entity for entity in entities}
    for membership in memberships:
        membership.entity = page[membership.entity_id]
        by_entity.setdefault(membership.entity_id, {})[membership.agreement_id] = membership
        totals[membership.entity_id] = getattr(membership, "agreements_in_all", 0)
        agreements.setdefault(membership.agreement_id, membership.agreement)
    versions: dict[int, list[TermVersion]] = {}
    # The agreements the page's entities are Customers under (with `limit`, at most that many each).
    for version in TermVersion.objects.filter(agreement__in=sorted(agreements)).select_related("amendment"):
        versions.setdefault(version.agreement_id, []).append(version)
    answers = {}
    for entity in entities:
        own = by_entity.get(entity.pk, {})
        asked = (
            [agreement]
            if agreement is not None
            else sorted((agreements[pk] for pk in own), key=lambda a: (a.effective_date, a.contract_number))
        )
        answers[entity.pk] = EntityAuthorizations(
            answers=[
                authorization(
                    asked_agreement,
                    as_of,
                    entity=entity,
                    membership=own.get(asked_agreement.pk),
                    term_versions=versions.get(asked_agreement.pk, []),
                )
                for asked_agreement in asked
            ],
            total=max(len(asked), totals.get(entity.pk, 0)),
        )
    return answers
