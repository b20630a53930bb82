"""The release part of a generated agreement: an Exhibit B of about fifty rows, revisions, remedies.

Dates are written in every form the seed's exhibit uses ("4/99", "9/15/00", "4Q99", "2H01", "2001",
"Now", "Under Review"); some rows print one date whose column cannot be told. Later the Seller revises
forecasts and agrees remedies for slips.
"""

from datetime import date, timedelta
from decimal import Decimal

from contracts.datafile import row_key
from ledger.portfolio.contracts_plan import Contracts
from ledger.portfolio.plan import PlanBuilder
from ledger.portfolio.vocabulary import GROUP_NAMES, PRODUCT_LINES, RELEASE_SUFFIXES, SUPPLIERS
from releases.models import (
    HEADING_MISSING,
    ForecastRevision,
    Milestone,
    ProductLine,
    Release,
    ReleaseGroup,
    ReleaseSchedule,
    Remedy,
)


def build_releases(b: PlanBuilder, contracts: Contracts) -> None:
    amendment = contracts.acting[1]
    schedule_date = amendment.effective_date
    schedule = b.add(
        "release_schedules", ReleaseSchedule(amendment=amendment, exhibit="B", title="PRODUCT RELEASE SCHEDULE")
    )
    lines = b.rng.sample(PRODUCT_LINES, b.rng.randint(8, 12))
    line_keys: set[str] = set()
    for position, name in enumerate(lines, start=1):
        missing = b.chance(0.04)
        line_keys.add(line_key := row_key(HEADING_MISSING if missing else name, line_keys))
        product_line = b.add(
            "product_lines",
            ProductLine(
                schedule=schedule,
                key=line_key,
                position=position,
                name=HEADING_MISSING if missing else name,
                name_as_written="" if missing else name,
            ),
        )
        names = [""] if b.chance(0.7) else b.rng.sample(GROUP_NAMES, 2)
        group_keys: set[str] = set()
        for group_position, group_name in enumerate(names, start=1):
            group_keys.add(group_key := row_key(group_name, group_keys, fallback="ungrouped"))
            group = b.add(
                "release_groups",
                ReleaseGroup(product_line=product_line, key=group_key, position=group_position, name=group_name),
            )
            release_keys: set[str] = set()
            for row in range(1, b.rng.randint(2, 6) + 1):
                _release(b, group, row, schedule_date, release_keys)


def _release(b: PlanBuilder, group: ReleaseGroup, position: int, schedule_date: date, keys: set[str]) -> None:
    rng = b.rng
    name = f"R. {position}.{rng.randint(0, 9)}{rng.choice(RELEASE_SUFFIXES) if b.chance(0.2) else ''}"
    keys.add(key := row_key(name, keys, fallback="release"))
    release = Release(group=group, key=key, position=position, name_as_written=name)
    if b.chance(0.15):
        release.column_ambiguous = True
        release.single_value_as_written = _date_text(b, schedule_date, rng.randint(-2, 24))
    else:
        months = rng.randint(-3, 24)
        release.ga_as_written = _date_text(b, schedule_date, months)
        if b.chance(0.4):
            release.ci_fsa_as_written = _date_text(b, schedule_date, months - rng.randint(1, 4), plain=True)
    if b.chance(0.3):
        release.need_by_date = b.days_after(schedule_date, 60, 700)
    b.add("releases", release)
    if b.chance(0.5):
        recorded_on = schedule_date
        for _ in range(rng.randint(1, 2)):
            recorded_on = b.days_after(recorded_on, 20, 300)
            forecast = recorded_on + timedelta(days=rng.randint(30, 400))
            revision = ForecastRevision(
                release=release,
                milestone=Milestone.GA if b.chance(0.8) else Milestone.CI_FSA,
                forecast_as_written=f"{forecast.month}/{forecast:%y}",
                recorded_on=recorded_on,
                reason=f"Seller's revised schedule of {recorded_on:%B %d, %Y}.",
            )
            b.add("revisions", revision)
    if b.chance(0.1):
        _remedy(b, release, schedule_date)


def _remedy(b: PlanBuilder, release: Release, schedule_date: date) -> None:
    option = Remedy.Option.NON_LUCENT if b.chance(0.4) else Remedy.Option.SUBSTITUTE
    remedy = Remedy(
        release=release,
        option=option,
        agreed_on=b.days_after(schedule_date, 90, 700),
        substitute_description=f"Interim substitute for {release.name_as_written}",
    )
    if option == Remedy.Option.NON_LUCENT:
        remedy.substitute_supplier = b.rng.choice(SUPPLIERS)
        remedy.purchase_amount = Decimal(b.rng.randint(10_000, 900_000)) + Decimal("0.50")
    b.add("remedies", remedy)


def _date_text(b: PlanBuilder, schedule_date: date, months: int, *, plain: bool = False) -> str:
    """A date `months` after the schedule's, written in one of the exhibit's forms."""
    total = schedule_date.year * 12 + schedule_date.month - 1 + months
    year, month = divmod(total, 12)
    month += 1
    yy = f"{year % 100:02d}"
    roll = b.rng.random()
    if plain or roll < 0.5:
        return f"{month}/{yy}"
    if roll < 0.7:
        return f"{month}/{b.rng.randint(1, 28)}/{yy}"
    if roll < 0.8:
        return f"{(month - 1) // 3 + 1}Q{yy}"
    if roll < 0.85:
        return f"{1 if month <= 6 else 2}H{yy}"
    if roll < 0.88:
        return str(year)
    if roll < 0.95:
        return "Now"
    return "Under Review"
