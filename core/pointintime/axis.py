"""A time axis: which years to label so that the labels never overlap."""

from datetime import date

STEPS = (1, 2, 5, 10, 20, 50, 100)


def year_ticks(start: date, end: date, *, width: float, min_gap: float) -> list[int]:
    """The years to mark (1 January of each) on an axis `width` long from `start` to `end`: every
    year, else every 2nd, 5th, 10th… (multiples of the step), so that two labels are `min_gap` apart."""
    days = max((end - start).days, 1)
    year_length = width * 365.25 / days
    step = next((s for s in STEPS if year_length * s >= min_gap), STEPS[-1])
    first = start.year if (start.month, start.day) == (1, 1) else start.year + 1
    first += -first % step
    return list(range(first, end.year + 1, step))
