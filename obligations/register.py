"""The commitments register: each commitment's status on a date, with its evidence and spend.

One agreement on one date: what every kind of commitment needs (the Term, the purchases, the seats,
Exhibit C, the release flags) is read once for the agreement, in a fixed number of queries, and each
commitment is answered from it. What decides each kind:

- in force: from its amendment's effective date to the Term's expiry as agreed on the date
  (`contracts.snapshot.term_standing`); "unknown" when the Term is unknown. Every kind below is first
  "not yet agreed" before its amendment's effective date.
- exclusive procurement, network standardization: in force or ended; spend is the amount paid for
  the Seller's products by the obligated entities (all of them when the clause names none) from the
  amendment's date to the date asked, slip-remedy (b) substitutes included (Amendment 3 §5 counts them
  as Lucent Products for the purchase commitment); purchases from other suppliers are the evidence
  to look at. Cities served are not recorded anywhere: "unknown", never zero.
- minimum savings: met / not met / unknown from the Exhibit C check (`pricing.comparison`), linked.
- slip remedies: "action needed" while a release's slip impacts deployment with no remedy agreed
  (`releases.slips`, the board's flag), linked to the board filtered by that flag.
- training seats: earned, used, remaining and expiring (`obligations.training`).
- financing contingency, notice periods: unknown (the financing documents and the General Agreement's
  own text are not in the filing).
- Term expiry: the date, and whether the date asked is in the Term.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse

from contracts.models import Agreement, LegalEntity
from contracts.snapshot import TermStanding, term_standing
from core.pointintime.dates import AsOf
from core.pointintime.standing import Standing
from obligations.models import Commitment, TrainingIncentive, clause_url
from obligations.spending import PurchaseFacts, purchase_facts
from obligations.training import TrainingReport, training_report
from pricing.comparison import check_comparison
from pricing.models import PriceComparison
from releases.models import Milestone, Release, Remedy
from releases.slips import Flag, flag_conditions

IN_FORCE = "in force"
NOT_YET = "not yet agreed"
ENDED = "ended"
UNKNOWN = "unknown"
MET = "met"
NOT_MET = "not met"
ACTION_NEEDED = "action needed"
NONE_OPEN = "none open"


@dataclass(frozen=True)
class CommitmentStatus:
    commitment: Commitment
    status: str
    evidence: str
    evidence_url: str = ""
    spend: Decimal | None = None  # only for commitments measured in money or purchases
    spend_unknown: int = 0  # purchases counted apart (amount unknown)
    due: date | None = None

    @property
    def source_url(self) -> str:
        return clause_url(self.commitment)


@dataclass
class _Facts:
    """What the agreement's commitments are answered from, read once."""

    agreement: Agreement
    on: date
    term: TermStanding
    purchases: list[PurchaseFacts]
    entity_ids: dict[str, int]
    training: TrainingReport | None
    comparisons: list[PriceComparison]
    remedy_required: int
    remedies_open: int


def _facts(agreement: Agreement, on: date, commitments: list[Commitment]) -> _Facts:
    slugs = {slug for c in commitments for slug in c.obligor_entities}
    incentive = (
        TrainingIncentive.objects.filter(agreement=agreement)
        .select_related("agreement", "amendment")
        .order_by("section", "key")
        .first()
        if any(c.kind == Commitment.Kind.TRAINING_SEATS for c in commitments)
        else None
    )
    kinds = {c.kind for c in commitments}
    remedy_required = remedies_open = 0
    if Commitment.Kind.SLIP_REMEDY in kinds:
        required = flag_conditions(as_of=on)[Flag.REMEDY_REQUIRED]
        releases = Release.objects.of_agreement(agreement).with_flags(as_of=on, milestone=Milestone.GA)
        remedy_required = releases.filter(required).count()
        remedies_open = (
            Remedy.objects.filter(release__group__product_line__schedule__amendment__agreement=agreement)
            .filter(agreed_on__lte=on)
            .exclude(changed_out_on__lte=on)
            .count()
        )
    comparisons = []
    if Commitment.Kind.MINIMUM_SAVINGS in kinds:
        comparisons = list(PriceComparison.objects.filter(amendment__agreement=agreement).select_related("amendment"))
    return _Facts(
        agreement=agreement,
        on=on,
        term=term_standing(agreement, AsOf(on=on)),
        purchases=purchase_facts(agreement=agreement, order_date__lte=on) if kinds & _SPEND_KINDS else [],
        entity_ids=dict(LegalEntity.objects.filter(slug__in=slugs).values_list("slug", "pk")) if slugs else {},
        training=training_report(incentive, on=on) if incentive else None,
        comparisons=comparisons,
        remedy_required=remedy_required,
        remedies_open=remedies_open,
    )


_SPEND_KINDS = {Commitment.Kind.EXCLUSIVE_PROCUREMENT, Commitment.Kind.NETWORK_STANDARDIZATION}


def register(agreement: Agreement, *, on: date, commitments: list[Commitment] | None = None) -> list[CommitmentStatus]:
    """The status of the agreement's commitments (or of `commitments`, all of that agreement) on `on`."""
    if commitments is None:
        commitments = list(Commitment.objects.filter(agreement=agreement).select_related("amendment", "clause"))
    if not commitments:
        return []
    facts = _facts(agreement, on, commitments)
    return [_status(commitment, facts) for commitment in commitments]


def _in_force(commitment: Commitment, facts: _Facts) -> tuple[str, str]:
    amendment = commitment.amendment
    if facts.on < amendment.effective_date:
        return NOT_YET, f"{amendment} takes effect on {amendment.effective_date:%Y-%m-%d}."
    if facts.term.in_term is Standing.YES:
        return IN_FORCE, facts.term.reason
    if facts.term.in_term is Standing.NO:
        return ENDED, facts.term.reason
    return UNKNOWN, facts.term.reason


def _status(commitment: Commitment, facts: _Facts) -> CommitmentStatus:
    kind = Commitment.Kind
    handler = {
        kind.EXCLUSIVE_PROCUREMENT: _procurement,
        kind.NETWORK_STANDARDIZATION: _procurement,
        kind.MINIMUM_SAVINGS: _minimum_savings,
        kind.SLIP_REMEDY: _slip_remedy,
        kind.TRAINING_SEATS: _training,
        kind.TERM_EXPIRY: _term_expiry,
    }.get(commitment.kind, _not_in_the_documents)
    if facts.on < commitment.amendment.effective_date:
        status, reason = _in_force(commitment, facts)
        return CommitmentStatus(commitment, status, reason)
    return handler(commitment, facts)


def _procurement(commitment: Commitment, facts: _Facts) -> CommitmentStatus:
    status, reason = _in_force(commitment, facts)
    obligors = {facts.entity_ids[slug] for slug in commitment.obligor_entities if slug in facts.entity_ids}
    start = commitment.amendment.effective_date
    counted = [p for p in facts.purchases if p.order_date >= start and (not obligors or p.buyer_id in obligors)]
    toward = [p for p in counted if p.remedy_id is not None or not p.supplier]
    elsewhere = len(counted) - len(toward)
    spend = sum((p.counted_amount for p in toward if p.counted_amount is not None), Decimal("0.00"))
    unknown = sum(1 for p in toward if p.counted_amount is None)
    parts = [reason, f"{len(toward)} purchases from Seller since {start:%Y-%m-%d}"]
    if remedies := sum(1 for p in toward if p.remedy_id is not None):
        parts.append(f"including {remedies} slip-remedy (b) substitutes, counted as Lucent Products (Amendment 3 §5)")
    if elsewhere:
        parts.append(f"{elsewhere} bought from other suppliers, not under a slip remedy: check them")
    if commitment.tier_iii_cities is not None or commitment.tier_iv_cities is not None:
        parts.append("cities served: not recorded (unknown)")
    return CommitmentStatus(commitment, status, "; ".join(parts) + ".", spend=spend, spend_unknown=unknown)


def _minimum_savings(commitment: Commitment, facts: _Facts) -> CommitmentStatus:
    if not facts.comparisons:
        return CommitmentStatus(commitment, UNKNOWN, "No price comparison is recorded to check it against.")
    checks = [
        (comparison, check) for comparison in facts.comparisons for check in check_comparison(comparison).commitments
    ]
    if not checks:
        return CommitmentStatus(commitment, UNKNOWN, "The comparison gives no figure to check.")
    verdicts = [check.met for _, check in checks]
    status = NOT_MET if False in verdicts else UNKNOWN if None in verdicts else MET
    evidence = "; ".join(
        f"Exhibit {comparison.exhibit}, {check.scope}: "
        + (f"{check.savings_percent}% savings" if check.savings_percent is not None else "savings unknown")
        + f" against the minimum {check.minimum_percent}%"
        for comparison, check in checks
    )
    return CommitmentStatus(commitment, status, evidence + ".", evidence_url=checks[0][0].get_absolute_url())


def _slip_remedy(commitment: Commitment, facts: _Facts) -> CommitmentStatus:
    query = urlencode(
        {"agreement": facts.agreement.contract_number, "on": facts.on.isoformat(), "flag": "remedy_required"}
    )
    url = f"{reverse('releases:release_list')}?{query}"
    evidence = (
        f"{facts.remedy_required} releases slip past the Customer's need-by date with no remedy agreed; "
        f"{facts.remedies_open} remedies agreed and not yet changed out to the required Product."
    )
    status = ACTION_NEEDED if facts.remedy_required else NONE_OPEN
    return CommitmentStatus(commitment, status, evidence, evidence_url=url)


def _training(commitment: Commitment, facts: _Facts) -> CommitmentStatus:
    report = facts.training
    if report is None:
        return CommitmentStatus(commitment, UNKNOWN, "No training incentive is transcribed for the agreement.")
    status, _ = _in_force(commitment, facts)
    earned = f"at least {report.earned}" if report.at_least else str(report.earned)
    evidence = (
        f"{earned} seats earned, {report.used} used, {report.remaining} remaining, {report.expired} lapsed unused; "
        f"{len(report.expiring)} expire within 60 days."
    )
    query = urlencode({"agreement": facts.agreement.contract_number, "on": facts.on.isoformat()})
    url = f"{reverse('obligations:training')}?{query}"
    spend = sum((t.counted for t in report.tallies), Decimal("0.00"))
    unknown = sum(t.unknown_amounts for t in report.tallies)
    return CommitmentStatus(commitment, status, evidence, evidence_url=url, spend=spend, spend_unknown=unknown)


def _term_expiry(commitment: Commitment, facts: _Facts) -> CommitmentStatus:
    term = facts.term
    status = {Standing.YES: IN_FORCE, Standing.NO: ENDED}.get(term.in_term, UNKNOWN)
    return CommitmentStatus(commitment, status, term.reason, due=term.expiry_date)


def _not_in_the_documents(commitment: Commitment, facts: _Facts) -> CommitmentStatus:
    return CommitmentStatus(commitment, UNKNOWN, commitment.note or "The documents do not say whether it holds.")
