"""The search box across a portfolio (`ledger.search`): counts exact up to a limit and "more than" beyond,
the best hits first among the rows searched, the "more" page, narrowing by agreement, and the same
queries with one agreement as with several.

The limits are lowered here (`COUNT_LIMIT`, `WINDOW`) so that a portfolio of four agreements passes them:
the rule is the same at 100 with a thousand agreements. Runs on SQLite (FTS5) and PostgreSQL (pg_trgm).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contracts.models import Agreement
from ledger import search
from ledger.portfolio import generate_portfolio
from pricing.models import Product, ProductName
from tests.conftest import refresh_planner_statistics

URL = reverse("ledger:search")
AGREEMENTS = 3  # generated, besides the seed's
LIMIT = 5


@pytest.fixture
def portfolio(seed):
    generate_portfolio(agreements=AGREEMENTS, seed=4242, progress=None)
    refresh_planner_statistics()


@pytest.fixture
def low_limits(monkeypatch):
    monkeypatch.setattr(search, "COUNT_LIMIT", LIMIT)
    monkeypatch.setattr(search, "WINDOW", LIMIT + 1)


def ask(client, text, **params):
    response = client.get(URL, {"q": text, **params})
    assert response.status_code == 200
    return response, {group.kind: group for group in response.context.get("groups", [])}


def five_ess_products():
    return Product.objects.filter(normalized_name__contains="5ess")


def test_a_count_under_the_limit_is_exact(portfolio, client_as):
    _, found = ask(client_as("buyer"), "5ESS")
    expected = five_ess_products().count()
    assert expected == 3 * (AGREEMENTS + 1)
    assert found["products"].total == expected and found["products"].exact


def test_past_the_limit_the_count_says_more_than(portfolio, low_limits, client_as):
    response, found = ask(client_as("buyer"), "5ESS")
    products = found["products"]
    assert five_ess_products().count() > LIMIT
    assert (products.total, products.exact) == (LIMIT, False)
    assert len(products.hits) == search.GROUP_LIMIT
    page = response.content.decode()
    assert f"more than {LIMIT} products" in page
    assert 'id="search-products-more-than"' in page
    assert f"The best {LIMIT} products" in page
    # A kind under the limit keeps its exact count.
    agreements = found.get("agreements")
    assert agreements is None or agreements.exact


def test_the_best_come_first_among_many_matches(portfolio, low_limits, client_as):
    """Own name holding the whole query before another name holding it; then the closer name first."""
    seed_product = Product.objects.exclude(normalized_name__contains="5ess").order_by("pk").first()
    assert seed_product is not None
    ProductName.objects.create(product=seed_product, name="5ESS Legacy Frame", kind=ProductName.Kind.FORMER)
    _, found = ask(client_as("buyer"), "5ESS")
    hits = found["products"].hits
    assert seed_product.name not in [hit.title for hit in hits]
    assert all("5ESS" in hit.title for hit in hits)
    assert hits[0].title == "5ESS Switch"
    lengths = [len(hit.title) for hit in hits]
    assert lengths == sorted(lengths)


def test_another_name_is_found_and_ranked_after_own_names_in_one_agreement(portfolio, low_limits, client_as):
    seed_product = Product.objects.exclude(normalized_name__contains="5ess").order_by("pk").first()
    assert seed_product is not None
    ProductName.objects.create(product=seed_product, name="5ESS Legacy Frame", kind=ProductName.Kind.FORMER)
    agreement = seed_product.schedule.agreement
    _, found = ask(client_as("buyer"), "5ESS", kind="products", agreement=agreement.contract_number)
    hits = found["products"].hits
    own = five_ess_products().filter(schedule__agreement=agreement).count()
    assert [hit.title for hit in hits[own:]] == [seed_product.name]
    assert hits[own].matched == "Former name: 5ESS Legacy Frame"
    assert found["products"].exact


def test_the_more_page_pages_through_the_rows_counted(portfolio, low_limits, client_as, monkeypatch):
    monkeypatch.setattr(search, "PAGE_SIZE", 2)
    client = client_as("buyer")
    _, found = ask(client, "5ESS")
    shown = [hit.title for hit in found["products"].hits]
    pages = []
    for number in (1, 2, 3):
        response, page = ask(client, "5ESS", kind="products", page=number)
        assert response.context["page"].number == number
        assert f"Page {number} of 3" in response.content.decode()
        pages += [hit.title for hit in page["products"].hits]
    assert len(pages) == LIMIT
    assert pages == shown[:LIMIT]  # the same order as the group's first hits
    # Past the last page: the last page, never an empty one.
    response, page = ask(client, "5ESS", kind="products", page=9)
    assert response.context["page"].number == 3 and page["products"].hits


def test_narrowing_by_agreement(portfolio, client_as):
    agreement = Agreement.objects.order_by("-pk").first()
    assert agreement is not None
    client = client_as("buyer")
    response, found = ask(client, "5ESS", agreement=agreement.contract_number)
    products = found["products"]
    assert products.exact and products.total == five_ess_products().filter(schedule__agreement=agreement).count()
    assert all(hit.detail.startswith(agreement.contract_number) for hit in products.hits)
    assert all(hit.detail.startswith(agreement.contract_number) for hit in found["provisions"].hits)
    page = response.content.decode()
    assert f"in {agreement.contract_number}" in page
    # The link to a kind's other hits keeps the agreement.
    _, everywhere = ask(client, "R.")
    _, narrowed = ask(client, "R.", agreement=agreement.contract_number)
    assert narrowed["releases"].total < everywhere["releases"].total
    assert "agreement=" in narrowed["releases"].more_url


def test_an_unknown_agreement_is_a_field_error(seed, client_as):
    response = client_as("buyer").get(URL, {"q": "5ESS", "agreement": "NO-SUCH-AGREEMENT"})
    assert response.status_code == 200
    assert "agreement" in response.context["form"].errors
    assert "groups" not in response.context


def test_the_same_queries_past_the_limit(seed, low_limits, client_as):
    client = client_as("auditor")

    def count(**params):
        with CaptureQueriesContext(connection) as queries:
            _, found = ask(client, "5ESS", **params)
        return len(queries), {kind: group.exact for kind, group in found.items()}

    ask(client, "warm up")  # a first request may fill the shared layers' per-process caches
    small = count(), count(kind="products"), count(kind="provisions")
    generate_portfolio(agreements=AGREEMENTS, seed=4242, progress=None)
    refresh_planner_statistics()
    large = count(), count(kind="products"), count(kind="provisions")
    assert [queries for queries, _ in large] == [queries for queries, _ in small]
    assert small[0][1]["products"] and not large[0][1]["products"]  # the limit was passed


def test_past_the_limit_a_name_that_is_the_query_comes_first(portfolio, low_limits, client_as):
    # The newest product, so the last any index of names holding "5ess" would give.
    last = Product.objects.order_by("-pk").first()
    Product.objects.create(schedule=last.schedule, name="5ESS")
    _, found = ask(client_as("buyer"), "5ESS")
    assert not found["products"].exact
    assert found["products"].hits[0].title == "5ESS"


def test_past_the_limit_a_name_with_every_word_comes_first(portfolio, low_limits, client_as):
    # Found by its rare word; the common one ("5ESS") passes the window, and must count for it all the same.
    last = Product.objects.order_by("-pk").first()
    Product.objects.create(schedule=last.schedule, name="Zebra Frame 5ESS")
    _, found = ask(client_as("buyer"), "5ESS zebra")
    assert not found["products"].exact
    assert found["products"].hits[0].title == "Zebra Frame 5ESS"
