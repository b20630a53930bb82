"""What the discount lookup says beside its rows: why some lines are not there on the date."""

from contracts.models import Agreement
from contracts.snapshot import term_standing
from core.pointintime.dates import AsOf
from core.pointintime.standing import Standing
from pricing.engine import schedule_in_force
from pricing.models import DiscountTable


def lookup_notes(as_of: AsOf) -> list[tuple[str, str]]:
    """(subject, why) for each agreement whose Term does not run (or is unknown) on `as_of.on`, and each
    schedule whose discounts then are unknown or not yet agreed."""
    notes = []
    for agreement in Agreement.objects.prefetch_related("term_versions__amendment"):
        term = term_standing(agreement, as_of, versions=list(agreement.term_versions.all()))
        if term.in_term is Standing.NO:
            notes.append((f"{agreement.contract_number}", f"No discount is in force: {term.reason}"))
        elif term.in_term is Standing.UNKNOWN:
            notes.append((f"{agreement.contract_number}", f"Whether the Term runs is unknown: {term.reason}"))
    by_schedule: dict = {}
    for table in DiscountTable.objects.select_related("schedule", "amendment"):
        by_schedule.setdefault(table.schedule, []).append(table)
    for schedule, tables in sorted(by_schedule.items(), key=lambda item: item[0].section):
        _, gap = schedule_in_force(tables, as_of)
        if gap is not None:
            notes.append((str(schedule), gap.warnings[0]))
    return notes
