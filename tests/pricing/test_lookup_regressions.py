"""The two contradictions between the discount lookup and the quote that issue 9 found, kept fixed.

1. An amendment adds a line for a product another amendment already priced: the lookup listed both
   lines as in force (the old open-ended one and the new one) while the quote used the new one.
2. After the Term expired, the lookup still listed lines as in force (27%, valid to "open") while the
   quote said the Term had expired.
"""

from datetime import date
from decimal import Decimal

import pytest

from pricing.choices import TableAction
from pricing.models import DiscountLine
from tests.factories import AmendmentFactory, DiscountLineFactory, DiscountTableFactory

pytestmark = pytest.mark.django_db

DISCOUNTS = "/api/v1/discounts/"
QUOTES = "/api/v1/quotes/"
FIFTH = date(2001, 1, 1)


@pytest.fixture
def repriced_ddm_plus(seed):
    """A fifth amendment that extends DDM PLUS's table with a 48% line for the same product."""
    [old] = DiscountLine.objects.filter(product__name="DDM PLUS").select_related("table__schedule")
    amendment = AmendmentFactory(agreement=seed, number=5, effective_date=FIFTH)
    table = DiscountTableFactory(
        schedule=old.table.schedule, amendment=amendment, action=TableAction.EXTEND, valid_from=FIFTH
    )
    return DiscountLineFactory(
        table=table,
        product=old.product,
        position=1,
        component=old.component,
        condition=old.condition,
        percent=Decimal("48.00"),
    )


def quoted_percent(api, on, as_agreed=None):
    body = {
        "entity": "kmc-telecom-iii",
        "on": on,
        "lines": [{"product": "DDM PLUS", "list_price": "100.00"}],
    }
    if as_agreed:
        body["as_agreed"] = as_agreed
    response = api.post(QUOTES, body, format="json")
    assert response.status_code == 200, response.content
    [line] = response.json()["lines"]
    return line["outcome"], line["percent"]


def listed_percents(api, on, as_agreed=None):
    params = {"q": "DDM PLUS", "on": on, **({"as_agreed": as_agreed} if as_agreed else {})}
    response = api.get(DISCOUNTS, params)
    assert response.status_code == 200
    return [row["percent"] for row in response.json()["results"]]


@pytest.mark.parametrize(
    ("on", "as_agreed", "percent"),
    [
        ("2001-06-01", None, "48.00"),  # the later-agreed line wins
        ("2000-12-31", None, "27.00"),  # before it starts, the old line
        ("2001-06-01", "2000-12-31", "27.00"),  # as agreed before the fifth amendment
    ],
)
def test_a_repeated_line_is_listed_once_and_quoted_the_same(repriced_ddm_plus, api_client_as, on, as_agreed, percent):
    api = api_client_as("buyer")
    assert listed_percents(api, on, as_agreed) == [percent]
    assert quoted_percent(api, on, as_agreed) == ("priced", percent)


def test_the_lookup_page_lists_a_repeated_line_once(repriced_ddm_plus, client_as):
    page = client_as("buyer").get("/pricing/discounts/", {"q": "DDM PLUS", "on": "2001-06-01"})
    assert page.status_code == 200
    rows = list(page.context["table"].data)
    assert [row.percent for row in rows] == [Decimal("48.00")]


def test_nothing_is_in_force_after_the_term_and_the_lookup_says_why(seed, api_client_as, client_as):
    api = api_client_as("buyer")
    assert listed_percents(api, "2003-03-05") == ["27.00"]
    assert listed_percents(api, "2003-03-06") == []
    assert quoted_percent(api, "2003-03-06") == ("not_applicable", None)
    notes = api.get(DISCOUNTS, {"q": "DDM PLUS", "on": "2003-03-06"}).json()["notes"]
    assert any(note["why"].startswith("No discount is in force: The Term expired on 2003-03-05") for note in notes)
    page = client_as("buyer").get("/pricing/discounts/", {"q": "DDM PLUS", "on": "2003-03-06"})
    assert "The Term expired on 2003-03-05" in page.content.decode()
