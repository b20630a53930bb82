"""Under which agreement an entity buys, when the quote does not say.

Nothing assumes there is one agreement: the agreement is inferred only when the answer is certain —
the entity is a Customer on the order date under exactly one (decided by
`contracts.snapshot.entity_authorizations`, the eligibility rule the entity pages use), or it was ever
made a Customer under one agreement only (the quote then says why it is not one on the date).
Otherwise the user names the agreement, and the message lists the candidates.
A fixed number of queries, whatever the size of the portfolio.
"""

from dataclasses import dataclass

from contracts.models import Agreement, CustomerMembership, LegalEntity
from contracts.snapshot import entity_authorizations
from core.pointintime.dates import AsOf
from core.pointintime.standing import Standing

# An entity that is a Customer under more agreements than this is asked to name one without a list.
LISTED_CANDIDATES = 5
_MEMBERSHIPS_READ = 50


@dataclass(frozen=True)
class AgreementChoice:
    """The agreement inferred, or (None and) why the user must name one."""

    agreement: Agreement | None
    why: str = ""


def agreement_for(entity: LegalEntity, as_of: AsOf) -> AgreementChoice:
    """The agreement `entity` buys under on `as_of.on`, when only one can be meant."""
    memberships = list(
        CustomerMembership.objects.with_sources().filter(entity=entity).order_by("agreement_id")[:_MEMBERSHIPS_READ]
    )
    under = {m.agreement_id for m in memberships}
    if not under:
        return AgreementChoice(
            None, f"{entity.name} was never made a Customer under any agreement; name the agreement (contract number)."
        )
    agreements = Agreement.objects.filter(pk__in=under).prefetch_related("term_versions__amendment")
    customer_under = [
        auth.agreement
        for auth in entity_authorizations(
            entity, on=as_of.on, as_agreed=as_of.as_agreed, agreements=agreements, memberships=memberships
        )
        if auth.customer is not None and auth.customer.standing is Standing.YES
    ]
    if len(customer_under) == 1:
        return AgreementChoice(customer_under[0])
    if not customer_under and len(under) == 1:
        return AgreementChoice(memberships[0].agreement)
    candidates = customer_under or [m.agreement for m in memberships]
    numbers = sorted({a.contract_number for a in candidates})
    count = f"{len(numbers)}{' or more' if len(memberships) == _MEMBERSHIPS_READ else ''}"
    listed = ", ".join(numbers[:LISTED_CANDIDATES]) + (", …" if len(numbers) > LISTED_CANDIDATES else "")
    where = f"is a Customer on {as_of.on:%Y-%m-%d} under" if customer_under else "was made a Customer under"
    return AgreementChoice(
        None, f"{entity.name} {where} {count} agreements ({listed}); name the agreement (contract number)."
    )
