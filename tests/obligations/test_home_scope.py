"""The home page about one agreement, and the seats list when several agreements have a training incentive."""

from datetime import date

import pytest

from contracts.models import Agreement
from ledger.portfolio import generate_portfolio
from obligations import attention
from obligations.attention import KIND, attention_lists
from tests.obligations.helpers import PM4, buy

pytestmark = pytest.mark.django_db

ON = date(2000, 2, 1)


def _lists(response):
    return {found.attention.kind: found.attention for found in response.context["lists"]}


def test_seats_are_listed_for_the_agreement_asked_or_every_one_up_to_the_bound(seed, buyer_user, monkeypatch):
    buy(seed, PM4, "1250000.00", ordered=date(1999, 3, 1), shipped=date(1999, 4, 1))  # use by 2000-04-01
    (alone,) = attention_lists(buyer_user, on=ON, limit=3)
    assert alone.total == 2 and alone.counted
    generate_portfolio(agreements=1, seed=41)  # a second agreement with a training incentive
    (both,) = attention_lists(buyer_user, on=ON, limit=3)
    assert both.counted and both.total >= 2  # the reminders read every agreement's seats
    monkeypatch.setattr(attention, "AGREEMENTS_AT_ONCE", 1)
    (several,) = attention_lists(buyer_user, on=ON, limit=3)
    assert not several.counted and several.items == () and "2 agreements have a training incentive" in several.note
    (asked,) = attention_lists(buyer_user, on=ON, limit=3, agreement=seed)
    assert asked.total == 2 and asked.counted


def test_the_home_page_answers_about_the_agreement_asked(seed, client_as, monkeypatch):
    monkeypatch.setattr(attention, "AGREEMENTS_AT_ONCE", 1)
    buy(seed, PM4, "1250000.00", ordered=date(1999, 3, 1), shipped=date(1999, 4, 1))
    generate_portfolio(agreements=1, seed=42)
    other = Agreement.objects.exclude(pk=seed.pk).get()
    client = client_as("admin")
    every = _lists(client.get("/", {"on": ON.isoformat()}))
    assert every["term_end"].total == 2
    assert not every[KIND].counted
    page = client.get("/", {"on": ON.isoformat(), "agreement": seed.contract_number})
    html = page.content.decode()
    asked = _lists(page)
    assert asked["term_end"].total == 1 and seed.contract_number in asked["term_end"].items[0].title
    assert asked[KIND].counted and asked[KIND].total == 2
    assert f"for <strong>{seed.contract_number}</strong> alone" in html
    assert all(other.contract_number not in item.title for found in asked.values() for item in found.items)


def test_an_unknown_agreement_is_a_field_error_and_nothing_is_listed(seed, client_as):
    response = client_as("buyer").get("/", {"on": ON.isoformat(), "agreement": "NO-SUCH-AGREEMENT"})
    assert response.status_code == 200
    assert response.context["lists"] == []
    html = response.content.decode()
    assert 'value="NO-SUCH-AGREEMENT"' in html and "no agreement" in html
