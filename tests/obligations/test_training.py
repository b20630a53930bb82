"""A-1.24 seats: boundaries of the dollar threshold, product groups, use-by dates, uses (as of a date)."""

from datetime import date, timedelta

import pytest

from obligations.models import TrainingIncentive
from obligations.training import add_months, training_report
from tests.obligations.helpers import PAC10, PAC60, PAC120, PM4, PSAS, buy, use_seat

pytestmark = pytest.mark.django_db

ON = date(1999, 6, 1)


def report(agreement, on=ON):
    incentive = TrainingIncentive.objects.select_related("agreement", "amendment").get(agreement=agreement)
    return training_report(incentive, on=on)


@pytest.mark.parametrize(
    ("paid", "seats"),
    [
        ("1249999.99", 0),  # one cent under the threshold
        ("1250000.00", 2),  # at the threshold
        ("2499999.99", 2),
        ("2500000.00", 4),  # one purchase completes two blocks
    ],
)
def test_seats_per_full_threshold_of_one_group(seed, paid, seats):
    buy(seed, PSAS, paid)
    assert report(seed).earned == seats


def test_a_block_is_completed_by_several_purchases_one_cent_at_a_time(seed):
    buy(seed, PSAS, "1000000.00", ordered=date(1999, 2, 1))
    buy(seed, PSAS, "249999.99", ordered=date(1999, 2, 2))
    assert report(seed).earned == 0
    buy(seed, PSAS, "0.01", ordered=date(1999, 2, 3))
    result = report(seed)
    assert result.earned == 2
    assert {seat.earned_on for seat in result.seats} == {date(1999, 2, 3)}


def test_the_groups_are_counted_apart_and_products_within_a_group_together(seed):
    # (a) and (b) each below the threshold: nothing, although together they pass it.
    buy(seed, PSAS, "1000000.00")
    buy(seed, PM4, "1000000.00")
    assert report(seed).earned == 0
    # (b) is PortMaster 4, PacketStar AC 60 and AC 120 together: 1,000,000 + 125,000 + 125,000.
    buy(seed, PAC60, "125000.00")
    buy(seed, PAC120, "125000.00")
    result = report(seed)
    assert result.earned == 2
    assert {seat.group.clause for seat in result.seats} == {"A-1.24(b)"}
    tallies = {t.group.clause: t.counted for t in result.tallies}
    assert tallies == {"A-1.24(a)": 1000000, "A-1.24(b)": 1250000}


def test_products_outside_the_groups_or_customers_or_the_term_earn_nothing(seed):
    buy(seed, PAC10, "5000000.00")  # a Data Networking Product the section does not name
    buy(seed, PSAS, "5000000.00", buyer="kmc-telecom-holdings")  # not a Customer
    buy(seed, PSAS, "5000000.00", ordered=date(1998, 12, 21), shipped=date(1998, 12, 21))  # before Amendment 2
    buy(seed, PSAS, "5000000.00", supplier="Another vendor")  # not Seller's product
    assert report(seed).earned == 0


def test_a_product_named_by_its_abbreviation_counts(seed):
    buy(seed, "PSAS", "1250000.00")
    assert report(seed).earned == 2


def test_an_unknown_amount_is_not_zero_the_answer_says_at_least(seed):
    buy(seed, PSAS, "1250000.00")
    buy(seed, PSAS, None)
    result = report(seed)
    assert result.earned == 2
    assert result.at_least
    assert result.tallies[0].unknown_amounts == 1


def test_purchases_after_the_date_asked_do_not_count_yet(seed):
    buy(seed, PSAS, "1250000.00", ordered=date(1999, 7, 1), shipped=date(1999, 7, 2))
    assert report(seed, on=date(1999, 6, 30)).earned == 0
    assert report(seed, on=date(1999, 7, 1)).earned == 2


@pytest.mark.parametrize(
    ("on", "status", "remaining"),
    [
        (date(2000, 3, 14), "expiring", 2),  # the day before the use-by date
        (date(2000, 3, 15), "expiring", 2),  # the use-by date itself: still usable
        (date(2000, 3, 16), "expired", 0),  # the day after
        (date(2000, 3, 15) - timedelta(days=60), "expiring", 2),  # 60 days ahead: listed
        (date(2000, 3, 15) - timedelta(days=61), "available", 2),  # 61 days ahead: not yet listed
    ],
)
def test_seats_lapse_twelve_months_after_shipment(seed, on, status, remaining):
    buy(seed, PSAS, "1250000.00", ordered=date(1999, 3, 1), shipped=date(1999, 3, 15))
    result = report(seed, on=on)
    assert [seat.use_by for seat in result.seats] == [date(2000, 3, 15)] * 2
    assert {seat.status(on) for seat in result.seats} == {status}
    assert result.remaining == remaining
    assert len(result.expiring) == (2 if status == "expiring" else 0)


def test_the_use_by_date_follows_the_latest_shipment_of_the_block(seed):
    buy(seed, PSAS, "625000.00", ordered=date(1999, 3, 1), shipped=date(1999, 3, 10))
    buy(seed, PSAS, "625000.00", ordered=date(1999, 3, 2), shipped=date(1999, 5, 31))
    assert {seat.use_by for seat in report(seed).seats} == {date(2000, 5, 31)}


def test_a_block_not_yet_shipped_has_an_unknown_use_by(seed):
    buy(seed, PSAS, "1250000.00", shipped=None)
    result = report(seed)
    assert [seat.status(ON) for seat in result.seats] == ["use-by unknown"] * 2
    assert result.remaining == 2


def test_uses_take_the_seat_that_lapses_first_and_a_use_past_every_seat_is_reported(seed, admin_user):
    buy(seed, PM4, "1250000.00", ordered=date(1999, 3, 1), shipped=date(1999, 4, 1))  # (b) lapses 2000-04-01
    buy(seed, PSAS, "1250000.00", ordered=date(1999, 2, 1), shipped=date(1999, 2, 1))  # (a) lapses 2000-02-01
    use_seat(seed, admin_user, date(1999, 5, 3))
    late = use_seat(seed, admin_user, date(2000, 3, 1))  # only (b) seats are still usable
    result = report(seed, on=date(2000, 3, 2))
    used = {seat.use.pk: seat for seat in result.seats if seat.use}
    assert used[late.pk].group.clause == "A-1.24(b)"
    assert sorted(s.group.clause for s in used.values()) == ["A-1.24(a)", "A-1.24(b)"]
    assert (result.earned, result.used, result.remaining, result.expired) == (4, 2, 1, 1)
    too_late = use_seat(seed, admin_user, date(2000, 4, 2))
    assert [u.pk for u in report(seed, on=date(2000, 4, 3)).uncovered] == [too_late.pk]


def test_a_use_before_the_seat_was_earned_is_not_covered(seed, admin_user):
    early = use_seat(seed, admin_user, date(1999, 2, 1))
    buy(seed, PSAS, "1250000.00", ordered=date(1999, 3, 1))
    result = report(seed)
    assert [u.pk for u in result.uncovered] == [early.pk]
    assert result.remaining == 2


@pytest.mark.parametrize(
    ("shipped", "use_by"),
    [
        (date(1999, 3, 15), date(2000, 3, 15)),
        (date(2000, 2, 29), date(2001, 2, 28)),  # no Feb 29 a year later: the month's last day
        (date(1999, 12, 31), date(2000, 12, 31)),
    ],
)
def test_add_months(shipped, use_by):
    assert add_months(shipped, 12) == use_by
