"""Entity lookup by any name the documents use."""

from datetime import date

import pytest

from contracts.lookup import find_entities
from contracts.names import normalize_name
from core.pointintime.standing import Standing

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("written", "normalized"),
    [
        ("PathStar(TM) Access Server", "pathstar access server"),
        ("PacketStarTM IP GateWay 1000", "packetstar ip gateway 1000"),
        ("SLC(R)-2000 Access System", "slc 2000 access system"),
        ("KMC Telecom Leasing III, LLC", "kmc telecom leasing iii llc"),
        ("  KMC   TELECOM inc. ", "kmc telecom inc"),
        ("Café™", "cafe"),
    ],
)
def test_normalize_name(written, normalized):
    assert normalize_name(written) == normalized


@pytest.mark.parametrize(
    ("typed", "slug"),
    [
        ("KMC Telecom III, Inc.", "kmc-telecom-iii"),
        ("kmc telecom iii inc", "kmc-telecom-iii"),
        ("KMC III", "kmc-telecom-iii"),
        ("KMC-Virginia", "kmc-telecom-virginia"),
        ("KMC Leasing III LLC", "kmc-telecom-leasing-iii"),
        ("KMC III LLC", "kmc-iii-services"),
        ("KMC SERVICES", "kmc-iii-services"),
        ("KMC Services LLC", "kmc-financial-services"),
        ("KMC Telecom I, Inc.", "kmc-telecom-inc"),
    ],
)
def test_lookup_by_any_name(seed, typed, slug):
    matches = find_entities(typed, on=date(2000, 6, 1))
    assert [m.entity.slug for m in matches] == [slug]
    assert matches[0].exact


def test_former_name_of_a_non_customer_is_not_authorized(seed):
    [match] = find_entities("KMC Services LLC", on=date(2000, 6, 1))
    assert match.entity.name == "KMC Financial Services LLC"
    assert match.matched_name.startswith("KMC Services LLC")
    assert [a.standing for a in match.authorizations] == [Standing.NO]


def test_former_name_of_a_customer_is_authorized_since_its_amendment(seed):
    [match] = find_entities("KMC III LLC", on=date(2000, 6, 1))
    [authorization] = match.authorizations
    assert authorization.standing is Standing.YES
    assert authorization.since == date(2000, 2, 15)


def test_partial_names_fall_back_to_contains(seed):
    matches = find_entities("leasing", on=date(2000, 6, 1))
    assert {m.entity.slug for m in matches} == {
        "kmc-telecom-leasing-i",
        "kmc-telecom-leasing-ii",
        "kmc-telecom-leasing-iii",
        "kmc-telecom-leasing-iv",
    }
    assert not matches[0].exact


def test_nothing_matches_punctuation_only(seed):
    assert find_entities("(TM) ...", on=date(2000, 6, 1)) == []


def test_the_closest_name_comes_first_then_the_customer(seed):
    # "KMC Telecom of Virginia IV, Inc." also contains the text; the Customer's own name is closer.
    matches = find_entities("KMC Telecom of Virginia", on=date(2000, 6, 1))
    assert [m.entity.slug for m in matches][:2] == ["kmc-telecom-virginia", "kmc-telecom-virginia-iv"]
    assert matches[0].authorizations[0].standing is Standing.YES


def test_a_customer_after_the_term_is_refused_for_the_term_not_for_membership(seed):
    [match] = find_entities("KMC Telecom III, Inc.", on=date(2003, 3, 6))
    [authorization] = match.authorizations
    assert authorization.standing is Standing.NO
    assert authorization.since is None
    assert authorization.reason.startswith("The Term expired on 2003-03-05")
