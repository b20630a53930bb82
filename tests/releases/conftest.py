"""Release fixtures: a minimal schedule built in the database (no seed needed)."""

from datetime import date

import pytest

from contracts.models import Agreement, Amendment, LegalEntity
from releases.models import ProductLine, Release, ReleaseGroup, ReleaseSchedule

SCHEDULE_DATE = date(1999, 11, 15)


@pytest.fixture
def schedule(db):
    seller = LegalEntity.objects.create(slug="seller", name="Seller Inc.")
    agreement = Agreement.objects.create(
        title="General Agreement", contract_number="GA-1", effective_date=date(1997, 3, 13), seller=seller
    )
    amendment = Amendment.objects.create(agreement=agreement, number=3, effective_date=SCHEDULE_DATE)
    return ReleaseSchedule.objects.create(amendment=amendment, exhibit="B", title="PRODUCT RELEASE SCHEDULE")


@pytest.fixture
def make_release(schedule):
    """`make_release(ga="3/00", ...)`: a release in its own product line (or `line=` an existing one)."""
    counter = {"n": 0}

    def make(name="R. 1.0", *, line=None, group_name="", **values):
        counter["n"] += 1
        if line is None:
            line = ProductLine.objects.create(schedule=schedule, position=counter["n"], name=f"LINE {counter['n']}")
        group, _ = ReleaseGroup.objects.get_or_create(product_line=line, position=1, defaults={"name": group_name})
        release = Release(
            group=group,
            position=group.releases.count() + 1,
            name_as_written=name,
            ci_fsa_as_written=values.pop("ci_fsa", ""),
            ga_as_written=values.pop("ga", ""),
            **values,
        )
        release.full_clean()
        release.save()
        return release

    return make
