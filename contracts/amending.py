"""What an executed amendment writes into the agreement's own records: the one place for each change.

Called by `drafts.execution` inside its transaction (and usable by any other writer). Each function
records what the amendment says, with `reason` on every history row, and never rewrites what an
earlier amendment said: a Term change, a provision replaced or deleted, a customer added are new
versions that count from the amendment ("as agreed on" its date). The one exception is a customer
removed: the membership's end date is recorded on the membership itself (it has no versions), so
"as agreed on" a date before the removal also shows the end date; the history row says which
amendment set it.
"""

import re
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Max, QuerySet

from contracts.datafile import row_key
from contracts.models import (
    Agreement,
    Amendment,
    CustomerMembership,
    Document,
    LegalEntity,
    Provision,
    ProvisionVersion,
    Signature,
    TermVersion,
)
from core.editing import save_edit, version_of

# The General Agreement's section that sets the Term (as the seed's amendments cite it).
TERM_SECTION = "1.2"

# The reason on every history row an execution writes: it names the amendment, so the audit log can
# tell a change an amendment made from a later correction of what it said (`is_execution`).
_EXECUTION = re.compile(r"^Amendment (\d+) executed: ")


def execution_reason(number: int, reason: str) -> str:
    return f"Amendment {number} executed: {reason}"


def is_execution(reason: str | None) -> bool:
    return bool(reason and _EXECUTION.match(reason))


def create_agreement(
    *,
    title: str,
    contract_number: str,
    effective_date: date,
    seller: LegalEntity,
    requires_second_approval: bool,
    reason: str,
) -> Agreement:
    agreement = Agreement(
        title=title,
        contract_number=contract_number,
        effective_date=effective_date,
        seller=seller,
        requires_second_approval=requires_second_approval,
    )
    return save_edit(agreement, reason=reason)


def create_amendment(
    agreement: Agreement, *, number: int, effective_date: date, title: str, note: str, source: str, reason: str
) -> Amendment:
    if agreement.amendments.filter(number=number).exists():
        raise ValidationError({"number": f"Amendment {number} of {agreement.contract_number} already exists."})
    amendment = Amendment(
        agreement=agreement,
        number=number,
        effective_date=effective_date,
        title=title,
        note=note,
        source=source,
        text_available=True,
    )
    return save_edit(amendment, reason=reason)


def next_amendment_number(agreement: Agreement) -> int:
    highest = agreement.amendments.aggregate(highest=Max("number"))["highest"]
    return 1 if highest is None else highest + 1


def add_customer(
    amendment: Amendment,
    entity: LegalEntity,
    *,
    valid_from: date | None,
    defined_term: str,
    section: str,
    note: str,
    reason: str,
) -> CustomerMembership:
    agreement = amendment.agreement
    existing = CustomerMembership.objects.filter(agreement=agreement, entity=entity).first()
    if existing is not None:
        raise ValidationError(
            {
                "entity": f"{entity} already has a Customer membership under {agreement.contract_number} "
                f"({existing.source_amendment}); change it by a correction instead."
            }
        )
    membership = CustomerMembership(
        agreement=agreement,
        entity=entity,
        added_by=amendment,
        valid_from=valid_from or amendment.effective_date,
        defined_term=defined_term,
        section=section,
        note=note,
    )
    return save_edit(membership, reason=reason)


def remove_customer(
    amendment: Amendment, entity: LegalEntity, *, until: date | None, reason: str
) -> CustomerMembership:
    membership = CustomerMembership.objects.filter(agreement=amendment.agreement, entity=entity).first()
    if membership is None:
        raise ValidationError({"entity": f"{entity} is not a Customer under {amendment.agreement.contract_number}."})
    membership.valid_to = until or amendment.day_before
    return save_edit(membership, reason=reason, base_version=version_of(membership))


def set_term(amendment: Amendment, *, expiry_date: date, section: str, reason: str) -> TermVersion:
    version = TermVersion(
        agreement=amendment.agreement,
        amendment=amendment,
        expiry_date=expiry_date,
        section=section,
        provision_section=TERM_SECTION,
    )
    return save_edit(version, reason=reason)


class TakenKeys:
    """The keys already used in `queryset`'s `field`, asked one at a time (for `row_key`'s `taken`)."""

    def __init__(self, queryset: QuerySet[Any], field: str = "key") -> None:
        self.queryset = queryset
        self.field = field

    def __contains__(self, key: object) -> bool:
        return self.queryset.filter(**{self.field: key}).exists()


def change_provision(
    amendment: Amendment,
    *,
    action: str,
    provision: Provision | None,
    part: str,
    section: str,
    title: str,
    text: str,
    valid_from: date | None,
    amendment_section: str,
    note: str,
    reason: str,
    cited_document: Document | None = None,
    cited_place: str = "",
) -> ProvisionVersion:
    """Add a provision, or give an existing one a new version (replaced, amended in part, deleted).

    `cited_place` in `cited_document` (one of the agreement's documents) is where the text is printed.
    """
    if provision is None:
        provision = save_edit(
            Provision(
                agreement=amendment.agreement,
                key=row_key(
                    f"am{amendment.number}-{section or title}", TakenKeys(amendment.agreement.provisions.all())
                ),
                part=part,
                section=section,
                title=title,
            ),
            reason=reason,
        )
    elif provision.agreement_id != amendment.agreement_id:
        raise ValidationError({"provision": "The provision belongs to another agreement."})
    version = ProvisionVersion(
        provision=provision,
        amendment=amendment,
        amendment_section=amendment_section,
        action=action,
        text=text,
        valid_from=valid_from or amendment.effective_date,
        note=note,
        cited_document=cited_document,
        cited_place=cited_place,
    )
    return save_edit(version, reason=reason)


def add_signature(
    amendment: Amendment,
    *,
    position: int,
    entity: LegalEntity | None,
    signatory: str,
    title: str,
    signed_on: date | None,
    note: str,
    reason: str,
) -> Signature:
    signature = Signature(
        amendment=amendment,
        position=position,
        entity=entity,
        signatory=signatory,
        title=title,
        title_as_written=title,
        date=signed_on,
        date_as_written=f"{signed_on:%B %-d, %Y}" if signed_on else "",
        note=note,
    )
    return save_edit(signature, reason=reason)
