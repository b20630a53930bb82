"""What the discount lookup says beside its rows: schedules with no known table on the date."""

from contracts.snapshot import AsOf
from pricing.engine import schedule_in_force
from pricing.models import DiscountTable


def schedule_gaps(*, on, as_agreed=None) -> list[tuple[str, str]]:
    """(schedule, why) for each schedule whose discounts on `on` are unknown or not yet agreed."""
    as_of = AsOf(on=on, as_agreed=as_agreed)
    by_schedule = {}
    for table in DiscountTable.objects.select_related("schedule", "amendment"):
        by_schedule.setdefault(table.schedule, []).append(table)
    gaps = []
    for schedule, tables in sorted(by_schedule.items(), key=lambda item: item[0].section):
        _, gap = schedule_in_force(tables, as_of)
        if gap is not None:
            gaps.append((str(schedule), gap.warnings[0]))
    return gaps
