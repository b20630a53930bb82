"""The agreement on a date: customers, term, provisions, around every amendment's date."""

from datetime import date, timedelta

import pytest

from contracts.models import LegalEntity
from contracts.snapshot import agreement_snapshot, entity_authorizations
from core.pointintime.standing import Standing

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)
AMENDMENT_2, AMENDMENT_3, AMENDMENT_4 = date(1998, 12, 22), date(1999, 11, 15), date(2000, 2, 15)
TERM_END = date(2003, 3, 5)


def standings(snapshot):
    return {c.entity.slug: c.standing for c in snapshot.customers}


@pytest.mark.parametrize(
    ("on", "slug", "expected"),
    [
        (AMENDMENT_2 - DAY, "kmc-telecom-iii", Standing.NO),
        (AMENDMENT_2, "kmc-telecom-iii", Standing.YES),
        (AMENDMENT_2, "kmc-telecom-leasing-iii", Standing.YES),
        (AMENDMENT_2, "kmc-telecom-virginia", Standing.YES),
        (AMENDMENT_3 - DAY, "kmc-telecom-iv", Standing.NO),
        (AMENDMENT_3, "kmc-telecom-iv", Standing.YES),
        (AMENDMENT_3, "kmc-telecom-leasing-iv", Standing.YES),
        (AMENDMENT_4 - DAY, "kmc-iii-services", Standing.NO),
        (AMENDMENT_4, "kmc-iii-services", Standing.YES),
        # The four original Customers: Customers from the General Agreement's date by Amendment 2's recital.
        (AMENDMENT_2 - DAY, "kmc-telecom-inc", Standing.YES),
        (date(1997, 3, 6), "kmc-telecom-leasing-ii", Standing.YES),
        (AMENDMENT_2, "kmc-telecom-inc", Standing.YES),
        (date(1997, 3, 5), "kmc-telecom-inc", Standing.NO),
    ],
)
def test_customers_around_each_amendment(seed, on, slug, expected):
    assert standings(agreement_snapshot(seed, on=on))[slug] is expected


def test_never_added_subsidiaries_are_not_customers(seed):
    snapshot = agreement_snapshot(seed, on=date(2001, 1, 1))
    assert "kmc-telecom-v" not in standings(snapshot)
    entity = LegalEntity.objects.get(slug="kmc-financial-services")
    [authorization] = entity_authorizations(entity, on=date(2001, 1, 1))
    assert authorization.standing is Standing.NO
    assert "never added as a Customer" in authorization.reason
    assert authorization.since is None


def test_as_agreed_before_an_amendment_ignores_it(seed):
    on = AMENDMENT_4
    now = standings(agreement_snapshot(seed, on=on))
    before_four = standings(agreement_snapshot(seed, on=on, as_agreed=AMENDMENT_4 - DAY))
    assert now["kmc-iii-services"] is Standing.YES
    assert before_four["kmc-iii-services"] is Standing.NO
    assert before_four["kmc-telecom-iv"] is Standing.YES


@pytest.mark.parametrize(
    ("on", "as_agreed", "expiry", "in_term"),
    [
        (date(1999, 1, 1), None, TERM_END, Standing.YES),
        (TERM_END, None, TERM_END, Standing.YES),
        (TERM_END + DAY, None, TERM_END, Standing.NO),
        (date(1998, 1, 1), AMENDMENT_2 - DAY, None, Standing.UNKNOWN),
        (date(1997, 3, 5), None, TERM_END, Standing.NO),
    ],
)
def test_term(seed, on, as_agreed, expiry, in_term):
    term = agreement_snapshot(seed, on=on, as_agreed=as_agreed).term
    assert term.expiry_date == expiry
    assert term.in_term is in_term


def test_authorization_after_the_term_is_no(seed):
    entity = LegalEntity.objects.get(slug="kmc-telecom-iii")
    [authorization] = entity_authorizations(entity, on=TERM_END + DAY)
    assert authorization.standing is Standing.NO
    assert "expired on 2003-03-05" in authorization.reason


def sections(snapshot):
    return {(v.provision.section, v.amendment.number, v.action) for v in snapshot.provisions}


def test_retroactive_transmission_table_is_in_force_before_its_amendment(seed):
    on = date(1998, 7, 1)
    assert ("A-1.15", 2, "replace") in sections(agreement_snapshot(seed, on=on))
    # ...but not as the agreement stood before Amendment 2 was made.
    assert ("A-1.15", 2, "replace") not in sections(agreement_snapshot(seed, on=on, as_agreed=AMENDMENT_2 - DAY))
    assert ("A-1.15", 2, "replace") not in sections(agreement_snapshot(seed, on=date(1998, 6, 29)))


@pytest.mark.parametrize(
    ("on", "present", "absent"),
    [
        (AMENDMENT_2, {("A-1.22", 2, "add"), ("A-1.23", 2, "add")}, {("A-1.22", 3, "extend")}),
        (AMENDMENT_3, {("A-1.22", 2, "add"), ("A-1.22", 3, "extend"), ("A-1.25", 3, "add")}, set()),
        (date(1999, 10, 1), {("A-1.7", 3, "replace")}, {("A-1.25", 3, "add")}),
        (date(1999, 9, 30), set(), {("A-1.7", 3, "replace")}),
    ],
)
def test_provisions_in_force(seed, on, present, absent):
    in_force = sections(agreement_snapshot(seed, on=on))
    assert present <= in_force
    assert not absent & in_force


def test_amendments_counted_follow_as_agreed(seed):
    snapshot = agreement_snapshot(seed, on=date(2000, 1, 1), as_agreed=AMENDMENT_3)
    assert [a.number for a in snapshot.amendments] == [1, 2, 3]
