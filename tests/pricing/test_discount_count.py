"""The discount lookup's count over every agreement (`DiscountLineQuerySet.counted`): on PostgreSQL it
counts the lines of the products named by their own name first and stops there past the limit; the
answer is the plain count's, capped, whichever names (own, other, both) find the products."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.counting import Counted
from pricing.filtersets import DiscountLineFilterSet
from pricing.models import DiscountLine, Product, ProductName

pytestmark = pytest.mark.django_db


@pytest.fixture
def portfolio(grow_portfolio):
    grow_portfolio()
    # A product found by another name only, and one found by its own name and another name too: counted once.
    other_only = Product.objects.filter(normalized_name="ddm plus").first()
    both = Product.objects.filter(normalized_name="5ess switch").first()
    ProductName.objects.create(product=other_only, name="5ESS Feeder DDM", kind=ProductName.Kind.FORMER)
    ProductName.objects.create(product=both, name="5ESS-2000", kind=ProductName.Kind.FORMER)
    return other_only, both


def _lines(text):
    filterset = DiscountLineFilterSet({"q": text}, queryset=DiscountLine.objects.with_sources())
    assert filterset.is_valid(), filterset.errors
    return filterset.qs


def _plain_count(text):
    return DiscountLine.objects.filter(product__in=Product.objects.named(text).values("pk")).count()


@pytest.mark.parametrize("text", ["5ESS", "5ess feeder", "DDM", "OC-48", "PSAS", "nothing like it"])
@pytest.mark.parametrize("limit", [1, 3, 10, 1000])
def test_the_count_is_the_plain_count_capped(portfolio, text, limit):
    total = _plain_count(text)
    lines = _lines(text)  # several words: whether a name holds them all is asked here (`core.search.best_ids`)
    with CaptureQueriesContext(connection) as queries:
        counted = lines.counted(limit)
    assert counted == Counted(min(total, limit), total <= limit)
    assert len(queries) == 1


def test_lines_found_by_another_name_only_are_counted(portfolio):
    other_only, both = portfolio
    own_lines = DiscountLine.objects.filter(product__in=Product.objects.filter(normalized_name__contains="5ess"))
    alias_lines = DiscountLine.objects.filter(product=other_only).count()
    assert alias_lines > 0 and DiscountLine.objects.filter(product=both).exists()
    # Exact: every line of the products whose own name holds "5ess", and the other product's, each once.
    assert _lines("5ESS").counted(1000) == Counted(own_lines.count() + alias_lines, True)
    # Just below: the lines named by their own name fit, the other product's tip it over.
    assert _lines("5ESS").counted(own_lines.count() + alias_lines - 1).exact is False


@pytest.mark.postgres
def test_postgresql_stops_at_the_own_names_past_the_limit(portfolio):
    with CaptureQueriesContext(connection) as queries:
        _lines("5ESS").counted(3)
    (sql,) = [query["sql"] for query in queries.captured_queries]
    assert sql.startswith("SELECT CASE WHEN (SELECT COUNT(*)")
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
        plan = cursor.fetchone()[0][0]["Plan"]
    # The second count (every product named, made distinct) never ran: the first passed the limit.
    own, every = [node for node in plan["Plans"] if node.get("Subplan Name", "").startswith("InitPlan")]
    assert (own["Actual Loops"], every["Actual Loops"]) == (1, 0)
