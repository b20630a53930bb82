"""Release fixtures: a minimal schedule built in the database (no seed needed)."""

from datetime import date

import pytest

from tests.factories import ProductLineFactory, ReleaseFactory, ReleaseGroupFactory, ReleaseScheduleFactory

SCHEDULE_DATE = date(1999, 11, 15)


@pytest.fixture
def schedule(db):
    """Exhibit B of Amendment 3 (effective SCHEDULE_DATE) to a General Agreement."""
    return ReleaseScheduleFactory(amendment__number=3, amendment__effective_date=SCHEDULE_DATE)


@pytest.fixture
def make_release(schedule):
    """`make_release(ga="3/00", ...)`: a release in its own product line (or `line=` an existing one)."""
    counter = {"n": 0}

    def make(name="R. 1.0", *, line=None, group_name="", **values):
        counter["n"] += 1
        if line is None:
            line = ProductLineFactory(schedule=schedule, position=counter["n"])
        group = line.groups.filter(position=1).first() or ReleaseGroupFactory(product_line=line, name=group_name)
        return ReleaseFactory(
            group=group,
            position=group.releases.count() + 1,
            name_as_written=name,
            ci_fsa_as_written=values.pop("ci_fsa", ""),
            ga_as_written=values.pop("ga", ""),
            **values,
        )

    return make
