"""The home page's release lists over more agreements than are flagged at once ask for one agreement."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contracts.models import Agreement
from ledger.portfolio import generate_portfolio
from releases import attention

pytestmark = pytest.mark.django_db

ON = date(2000, 3, 1)


def test_over_many_agreements_the_release_lists_ask_for_one(seed, buyer_user, monkeypatch):
    generate_portfolio(agreements=3, seed=43)
    every = attention.attention_lists(buyer_user, on=ON, limit=8)
    assert all(found.counted for found in every)
    with CaptureQueriesContext(connection) as counted:
        attention.attention_lists(buyer_user, on=ON, limit=8)
    monkeypatch.setattr(attention, "AGREEMENTS_AT_ONCE", 1)
    with CaptureQueriesContext(connection) as asked:
        lists = attention.attention_lists(buyer_user, on=ON, limit=8)
    assert len(asked) <= len(counted)
    assert [found.kind for found in lists] == [found.kind for found in every]
    for found in lists:
        assert not found.counted and found.items == () and "Choose an agreement above" in found.note
    (one,) = [f for f in attention.attention_lists(buyer_user, on=ON, limit=8, agreement=seed) if f.items][:1]
    assert one.counted and all(seed.contract_number in item.detail for item in one.items)
    other = Agreement.objects.exclude(pk=seed.pk).first()
    assert all(found.counted for found in attention.attention_lists(buyer_user, on=ON, limit=8, agreement=other))
