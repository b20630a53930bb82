"""Obligations for a generated portfolio (the `portfolio` hook of `ledger.portfolio.hooks`).

Each agreement without obligations on record gets those the seed's amendments state, as its data file would
give them: a training incentive (A-1.24: two seats per $1,250,000 of a group's purchases, used within
12 months of shipment) whose groups name the agreement's own Data Networking products, and the
commitments of an Amendment 2 (exclusive procurement by two Customers, network standardization,
financing contingency, slip remedies, training seats, notice, the Term), and a few seats recorded as
used (by the `--user` named, else the generator's own inactive user), some with a correction, between
the first and the last shipment of its purchases (run after `purchases.portfolio`, INSTALLED_APPS order).
A loaded agreement (the seed) has its obligations from its data file and never gets these.

Deterministic like the rest of the portfolio: one `random.Random` per agreement, keyed by the seed and
the contract number; records read by natural keys.
"""

import random
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, QuerySet

from contracts.models import Agreement, Amendment, CustomerMembership
from ledger.portfolio.hooks import AppRows, recorded_from
from ledger.portfolio.plan import Edit
from obligations.models import Commitment, Party, SeatUse, TrainingIncentive, TrainingProductGroup
from obligations.training import Seat, seats_earned
from pricing.catalog import load_catalog
from pricing.models import Product

RECORDED_FROM = datetime.fromisoformat("2025-03-03T09:00:00+00:00")
GENERATED = "generated portfolio"  # how a generated agreement's `source` begins (ledger.portfolio)
GENERATOR = "portfolio-generator"  # the user seat uses are recorded by when generate_portfolio names none
ATTENDEES = ("J. Alvarez", "P. Chen", "R. Okafor", "S. Lindqvist", "M. Patel", "D. Moreau", "K. Tanaka", "L. Novak")
COURSE = "five (5) day course related to Data Networking Products"
COMMITMENTS = (
    (Commitment.Kind.EXCLUSIVE_PROCUREMENT, Party.CUSTOMER, "Procure directly and exclusively from Seller", "3"),
    (Commitment.Kind.FINANCING_CONTINGENCY, Party.BOTH, "Performance contingent on Seller's financing", "3"),
    (Commitment.Kind.NETWORK_STANDARDIZATION, Party.CUSTOMER, "Standardize the network on Seller's products", "5(A)"),
    (Commitment.Kind.SLIP_REMEDY, Party.SELLER, "Remedies for release slips", "5"),
    (Commitment.Kind.TRAINING_SEATS, Party.SELLER, "Tuition-free training seats", "6.3"),
    (Commitment.Kind.NOTICE, Party.BOTH, "Notice periods", ""),
    (Commitment.Kind.TERM_EXPIRY, Party.BOTH, "Term", "2"),
)


def portfolio_pending(agreements: QuerySet[Agreement]) -> QuerySet[Agreement]:
    """Generated agreements with no obligations on record (neither a commitment nor a training incentive).

    A loaded agreement's obligations are its data file's (`obligations.datafile`): it never gets these,
    even before its file is loaded again with them.
    """
    generated = agreements.filter(source__startswith=GENERATED)
    committed = Exists(Commitment.objects.filter(agreement=OuterRef("pk")))
    return generated.exclude(committed).exclude(Exists(TrainingIncentive.objects.filter(agreement=OuterRef("pk"))))


def _recorder(user: Any) -> Any:
    """Who recorded the generated seat uses: the user named, else the generator's own inactive user."""
    if user is not None:
        return user
    model = get_user_model()
    recorder = model.objects.filter(username=GENERATOR).first()
    if recorder is None:
        recorder = model(username=GENERATOR, is_active=False)
        recorder.set_unusable_password()
        recorder.save()
    return recorder


def portfolio_rows(agreements: Sequence[Agreement], *, seed: int, user: Any = None) -> AppRows:
    ids = [a.pk for a in agreements]
    acting: dict[int, list[Amendment]] = {}
    for amendment in Amendment.objects.filter(agreement__in=ids, text_available=True).order_by("agreement", "number"):
        acting.setdefault(amendment.agreement_id, []).append(amendment)
    products: dict[int, list[str]] = {}
    for agreement_id, name in (
        Product.objects.filter(schedule__agreement__in=ids, schedule__section="A-1.22")
        .order_by("schedule__agreement", "name")
        .values_list("schedule__agreement", "name")
    ):
        products.setdefault(agreement_id, []).append(name)
    customers: dict[int, list[str]] = {}
    for agreement_id, slug in (
        CustomerMembership.objects.filter(agreement__in=ids)
        .order_by("agreement", "entity__slug")
        .values_list("agreement", "entity__slug")
    ):
        customers.setdefault(agreement_id, []).append(slug)
    rows = AppRows(batches=[[], [], [], []])  # incentives, groups, commitments, seat uses
    recorder = None
    for agreement in agreements:
        rng = random.Random(f"ledgerline-portfolio-obligations:{seed}:{agreement.contract_number}")  # noqa: S311
        clock = _Clock(recorded_from(agreement, RECORDED_FROM), seed, agreement)
        if not acting.get(agreement.pk):
            continue
        _commitments(rows, clock, rng, agreement, acting[agreement.pk], customers.get(agreement.pk, []))
        if not products.get(agreement.pk):
            continue
        incentive, groups = _obligations(rows, clock, rng, agreement, acting[agreement.pk], products[agreement.pk])
        seats = seats_earned(incentive, groups, on=date.max, catalog=load_catalog(agreement))
        if seats:
            recorder = recorder or _recorder(user)
            _seat_uses(rows, clock, rng, incentive, recorder, seats)
    return rows


class _Clock:
    """Creation times a second apart, and the reason every generated row's history gives."""

    def __init__(self, start: datetime, seed: int, agreement: Agreement):
        self.at, self.reason = start, f"generate_portfolio --seed {seed}: obligations of {agreement.contract_number}"

    def stamp(self, obj: Any) -> Any:
        self.at += timedelta(seconds=1)
        obj._history_date, obj._change_reason = self.at, self.reason
        return obj


def _obligations(rows, clock, rng, agreement, acting, names) -> tuple[TrainingIncentive, list[TrainingProductGroup]]:
    amendment = acting[1] if len(acting) > 1 else acting[0]
    incentive = clock.stamp(
        TrainingIncentive(
            agreement=agreement,
            key="a1-24",
            amendment=amendment,
            amendment_section="6.3",
            section="A-1.24",
            threshold=Decimal("1250000.00"),
            seats_per_threshold=2,
            use_within_months=12,
            course=COURSE,
        )
    )
    rows.batches[0].append(incentive)
    first, rest = names[:1], names[1:] or names[:1]
    groups = []
    for position, (key, group) in enumerate((("a", first), ("b", rng.sample(rest, min(3, len(rest)))))):
        groups.append(
            clock.stamp(
                TrainingProductGroup(
                    incentive=incentive,
                    key=key,
                    position=position,
                    clause=f"A-1.24({key})",
                    products="\n".join(group),
                )
            )
        )
    rows.batches[1] += groups
    return incentive, groups


def _commitments(rows, clock, rng, agreement, acting, customers) -> None:
    amendment = acting[1] if len(acting) > 1 else acting[0]
    for position, (kind, obligor, title, section) in enumerate(COMMITMENTS):
        values: dict[str, Any] = {}
        if kind == Commitment.Kind.EXCLUSIVE_PROCUREMENT:
            values = {
                "obligor_entities": rng.sample(customers, min(2, len(customers))),
                "tier_iii_cities": rng.randint(5, 40),
                "tier_iv_cities": rng.randint(20, 120),
            }
        note = "The documents state no notice period." if kind == Commitment.Kind.NOTICE else ""
        rows.batches[2].append(
            clock.stamp(
                Commitment(
                    agreement=agreement,
                    key=f"am{amendment.number}-{kind.replace('_', '-')}",
                    position=position,
                    kind=kind,
                    obligor=obligor,
                    title=title,
                    amendment=amendment,
                    amendment_section=section,
                    summary=f"{title}, as Amendment {amendment.number} states it.",
                    note=note,
                    **values,
                )
            )
        )


def _seat_uses(rows, clock, rng, incentive, recorder, seats: list[Seat]) -> None:
    """Some earned seats used, each on a day it is usable (earned, not lapsed); the rest lapse or wait."""
    for seat in rng.sample(seats, rng.randint(1, min(6, len(seats)))):
        last = seat.use_by or seat.earned_on + timedelta(days=300)
        day = seat.earned_on + timedelta(days=rng.randint(0, max(0, (last - seat.earned_on).days)))
        use = clock.stamp(
            SeatUse(
                incentive=incentive,
                attendee=rng.choice(ATTENDEES),
                course=incentive.course or COURSE,
                used_on=day,
                recorded_by=recorder,
            )
        )
        rows.batches[3].append(use)
        if rng.random() < 0.2:
            use.note = "Attendee's name as on the course certificate."
            when = clock.at + timedelta(days=rng.randint(1, 90))
            rows.edits.append(Edit(use, {"note": ""}, {"note": use.note}, "Corrected from the certificate.", when))
