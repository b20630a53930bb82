"""Model rules: what clean() refuses and what the database refuses even without clean()."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from releases.models import ForecastRevision, Milestone, Release, Remedy
from tests.factories import RemedyFactory


def test_a_release_understands_its_dates_on_read(make_release):
    release = make_release(ci_fsa="12/99", ga="Now")
    assert release.committed_window(Milestone.CI_FSA).end == date(1999, 12, 31)
    assert release.committed_window(Milestone.GA).start == date(1999, 11, 15)  # the amendment's date
    assert release.single_value_window() is None


def test_an_ambiguous_release_places_no_date_in_either_column(make_release):
    release = make_release(column_ambiguous=True, single_value_as_written="9/30/99")
    assert release.committed_window(Milestone.GA) is None
    assert release.committed_window(Milestone.CI_FSA) is None
    assert release.single_value_window().end == date(1999, 9, 30)


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"ga_as_written": "13/99"}, "ga_as_written"),
        (
            {"column_ambiguous": True, "single_value_as_written": "3/00", "ga_as_written": "3/00"},
            "column_ambiguous",
        ),
        ({"single_value_as_written": "3/00"}, "single_value_as_written"),
    ],
)
def test_release_clean_names_the_field(make_release, values, field):
    release = make_release()
    for name, value in values.items():
        setattr(release, name, value)
    with pytest.raises(ValidationError) as caught:
        release.full_clean()
    assert field in caught.value.message_dict


def test_the_database_refuses_an_inconsistent_ambiguous_row(make_release):
    release = make_release(ga="3/00")
    release.single_value_as_written = "3/00"
    with pytest.raises(IntegrityError), transaction.atomic():
        release.save()


def test_the_database_refuses_ga_before_ci_fsa(make_release):
    release = make_release(ga="3/00", ci_fsa="1/00")
    release.ci_fsa_actual_date, release.ga_actual_date = date(2000, 2, 1), date(2000, 1, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        release.save()


def test_the_database_refuses_a_change_out_before_the_substitute(make_release):
    release = make_release(ga="3/00")
    with pytest.raises(IntegrityError), transaction.atomic():
        Remedy.objects.create(
            release=release,
            option="a",
            substitute_description="x",
            substitute_provided_on=date(2000, 5, 2),
            changed_out_on=date(2000, 5, 1),
        )


def test_the_database_refuses_a_revision_without_a_reason(make_release):
    release = make_release(ga="3/00")
    with pytest.raises(IntegrityError), transaction.atomic():
        ForecastRevision.objects.create(release=release, forecast_as_written="4/00", reason="")


def test_now_in_a_forecast_means_the_day_it_was_recorded(make_release):
    revision = ForecastRevision(
        release=make_release(ga="3/00"), forecast_as_written="Now", recorded_on=date(2000, 2, 3), reason="r"
    )
    revision.full_clean()
    assert revision.window().start == date(2000, 2, 3)


@pytest.mark.parametrize(
    ("on", "status"),
    [
        (date(2000, 1, 31), "not yet agreed"),
        (date(2000, 2, 1), "substitute to be provided"),
        (date(2000, 3, 1), "substitute in service, change-out pending"),
        (date(2000, 6, 1), "changed out"),
    ],
)
def test_a_remedy_is_open_until_its_change_out(make_release, on, status):
    remedy = Remedy(
        release=make_release(ga="3/00"),
        option="a",
        agreed_on=date(2000, 2, 1),
        substitute_description="R. 1.5",
        substitute_provided_on=date(2000, 3, 1),
        changed_out_on=date(2000, 6, 1),
    )
    remedy.full_clean()
    assert remedy.status_on(on) == status
    assert not remedy.counts_toward_purchase_commitment


def test_release_ordering_follows_the_exhibit(make_release):
    first = make_release("first")
    second = make_release("second")
    third = make_release("third", line=first.group.product_line)
    assert list(Release.objects.all()) == [first, third, second]


def test_remedy_b_purchases_count_toward_the_purchase_commitment(make_release):
    from decimal import Decimal

    release = make_release(ga="3/00")
    common = {"release": release, "substitute_description": "mux", "substitute_supplier": "Nortel"}
    RemedyFactory(option="b", agreed_on=date(2000, 4, 1), purchase_amount=Decimal("1000.10"), **common)
    RemedyFactory(option="b", agreed_on=date(2000, 5, 1), purchase_amount=Decimal("0.20"), **common)
    RemedyFactory(option="b", agreed_on=date(2000, 5, 1), **common)
    RemedyFactory(option="a", agreed_on=date(2000, 4, 1), **common)
    assert Remedy.objects.purchase_total(date(2000, 3, 31)) == Decimal("0.00")
    assert Remedy.objects.purchase_total(date(2000, 4, 1)) == Decimal("1000.10")
    assert Remedy.objects.purchase_total(date(2000, 5, 1)) == Decimal("1000.30")
    assert Remedy.objects.unpriced(date(2000, 5, 1)).count() == 1
