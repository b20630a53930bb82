"""Seats lapsing within 60 days, as an attention list for the home page and reminders."""

from datetime import date

import pytest
from django.urls import reverse

from obligations.attention import KIND, attention_kinds, attention_lists
from tests.obligations.helpers import PM4, PSAS, buy

pytestmark = pytest.mark.django_db


def test_seats_expiring_are_listed_soonest_first_within_the_limit(seed, buyer_user):
    buy(seed, PM4, "1250000.00", ordered=date(1999, 3, 1), shipped=date(1999, 4, 1))  # use by 2000-04-01
    buy(seed, PSAS, "1250000.00", ordered=date(1999, 3, 1), shipped=date(1999, 3, 15))  # use by 2000-03-15
    (found,) = attention_lists(buyer_user, on=date(2000, 2, 1), limit=3)
    assert found.kind == KIND
    assert found.total == 4
    assert [item.due for item in found.items] == [date(2000, 3, 15), date(2000, 3, 15), date(2000, 4, 1)]
    assert len({item.key for item in found.items}) == 3
    assert found.items[0].url.startswith(reverse("obligations:training"))
    assert attention_lists(buyer_user, on=date(1999, 12, 1), limit=3) == []  # more than 60 days ahead


def test_users_without_the_permission_get_nothing(seed, django_user_model):
    nobody = django_user_model.objects.create_user("nobody", password="pw-nobody")
    buy(seed, PSAS, "1250000.00", ordered=date(1999, 3, 1), shipped=date(1999, 3, 15))
    assert attention_lists(nobody, on=date(2000, 2, 1), limit=3) == []
    assert attention_kinds(nobody) == {}


@pytest.mark.parametrize("model", ["commitment", "trainingincentive", "seatuse"])
def test_admin_pages_list_the_records(seed, client_as, model):
    assert client_as("admin").get(f"/admin/obligations/{model}/").status_code == 200
