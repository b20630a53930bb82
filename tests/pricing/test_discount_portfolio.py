"""The discount lookup over every agreement, in a generated portfolio (issue 11).

Asked without an agreement, the lookup's page and API answer from every agreement's lines. They must
cost the same queries and stay the same size as the portfolio grows (a page is a page), and give the
same lines in the same order as the plain query they stand for: the page is read through the index
of its order (`DiscountLineQuerySet.page_first`), the count stops at `COUNT_LIMIT` (null beyond), and
the API reads its rows as values (`DiscountLineSerializer.row_values`).

One module fixture, in one transaction rolled back at the end: the seed alone (S0), then after
`generate_portfolio` added agreements of the seed's shape (S1), then more (S2).
"""

import re
from dataclasses import dataclass
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from contracts.models import Agreement
from core.pointintime.dates import AsOf
from ledger.portfolio import generate_portfolio
from pricing.api.serializers import DiscountLineSerializer
from pricing.engine import schedule_in_force
from pricing.lookup import NOTED_AGREEMENTS, LookupQuestion, lookup_notes
from pricing.models import DiscountLine, DiscountSchedule, Product
from tests.conftest import ROLE_GROUPS, refresh_planner_statistics
from tests.ledger.test_scale import GROWTH, SLACK, _load_seed

pytestmark = pytest.mark.django_db

STEPS = (10, 10)  # agreements added before S1, then before S2: S1 fills a page of each question
ON = "2000-03-01"
ORDER = ("table_id", "position", "column")

# Over every agreement: (route, query string).
QUESTIONS = {
    "page, a date": ("/pricing/discounts/", {"on": ON}),
    "page, a name and a date": ("/pricing/discounts/", {"q": "5ESS", "on": ON}),
    "page, a name": ("/pricing/discounts/", {"q": "5ESS"}),
    "API, a name": ("/api/v1/discounts/", {"q": "5ESS"}),
    "API, a date": ("/api/v1/discounts/", {"on": ON}),
    "API, two words": ("/api/v1/discounts/", {"q": "5ESS switch", "limit": 20}),
}


@dataclass
class Asked:
    queries: int
    size: int
    status: int


@pytest.fixture(scope="module")
def portfolio(django_db_setup, django_db_blocker, seed_rows):
    """(measurements per question and size, a logged-in buyer) with S2 in the database while the tests run."""
    with django_db_blocker.unblock(), transaction.atomic():
        _load_seed(seed_rows)
        user = get_user_model().objects.create_user(username="portfolio-buyer")
        user.groups.add(Group.objects.get(name=ROLE_GROUPS["buyer"]))
        client = Client()
        client.force_login(user)
        sizes: dict[str, list[Asked]] = {}
        for number, step in enumerate((0, *STEPS)):
            if step:
                generate_portfolio(agreements=step, seed=8800 + number, progress=None)
                refresh_planner_statistics()
            for name, (path, query) in QUESTIONS.items():
                client.get(path, query)  # caches warmed: the session, the permissions
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(path, query)
                sizes.setdefault(name, []).append(Asked(len(queries), len(response.content), response.status_code))
        yield sizes, client
        transaction.set_rollback(True)


@pytest.mark.parametrize("question", sorted(QUESTIONS))
def test_every_agreement_costs_the_same_queries_and_size(portfolio, question):
    small, medium, large = sizes = portfolio[0][question]
    report = f"{question}: " + ", ".join(
        f"S{i}: HTTP {s.status} {s.queries} queries {s.size:,} B" for i, s in enumerate(sizes)
    )
    assert {s.status for s in sizes} == {200}, report
    assert medium.queries <= small.queries, report
    assert large.queries == medium.queries, report
    assert large.size <= GROWTH * medium.size + SLACK, report


def _plain_ids(lines, count=None):
    ids = list(lines.order_by(*ORDER).values_list("pk", flat=True))
    return ids if count is None else ids[:count]


def _api_ids(client, query, *, limit, offset=0):
    response = client.get("/api/v1/discounts/", {**query, "limit": limit, "offset": offset})
    assert response.status_code == 200, response.content[:500]
    return response.json()


def test_the_api_pages_are_the_lines_of_the_plain_query_in_order(portfolio):
    client = portfolio[1]
    named = DiscountLine.objects.filter(product__in=Product.objects.named("5ESS").values("pk"))
    expected = _plain_ids(named)
    assert len(expected) > 60  # several agreements answer
    first = _api_ids(client, {"q": "5ESS"}, limit=30)
    second = _api_ids(client, {"q": "5ESS"}, limit=30, offset=30)
    assert [row["id"] for row in first["results"] + second["results"]] == expected[:60]
    assert first["count"] == len(expected)


def test_lines_in_force_across_agreements_are_those_of_the_plain_query(portfolio):
    client = portfolio[1]
    expected = _plain_ids(DiscountLine.objects.in_force(date(2000, 3, 1)), 80)
    pages = (
        _api_ids(client, {"on": ON}, limit=40)["results"] + _api_ids(client, {"on": ON}, limit=40, offset=40)["results"]
    )
    assert [row["id"] for row in pages] == expected
    html = client.get("/pricing/discounts/", {"on": ON, "per_page": 25, "page": 2})
    assert [row.record.pk for row in html.context["table"].page.object_list] == expected[25:50]


def test_a_name_few_lines_answer_is_read_through_the_product_index_with_the_same_answer(portfolio):
    # The seed's own product names: few lines in the portfolio (`DiscountLineQuerySet.counted` is exact).
    client = portfolio[1]
    named = DiscountLine.objects.filter(product__in=Product.objects.named("PSAS").values("pk"))
    expected = _plain_ids(named)
    answer = _api_ids(client, {"q": "PSAS"}, limit=50)
    assert [row["id"] for row in answer["results"]] == expected[:50]
    assert answer["count"] == len(expected)


def test_the_count_stops_at_its_limit_and_says_null_beyond(portfolio, monkeypatch):
    client = portfolio[1]
    monkeypatch.setattr("pricing.api.views.COUNT_LIMIT", 10)
    total = DiscountLine.objects.filter(product__in=Product.objects.named("5ESS").values("pk")).count()
    assert total > 25
    first = _api_ids(client, {"q": "5ESS"}, limit=5)
    assert first["count"] is None
    assert first["next"] is not None
    # A page beyond the limit is counted to its end: still more lines after it, still no number.
    deeper = _api_ids(client, {"q": "5ESS"}, limit=5, offset=15)
    assert deeper["count"] is None and deeper["next"] is not None
    # Near the end the count reaches every line: exact again, and no next page after the last.
    last = _api_ids(client, {"q": "5ESS"}, limit=5, offset=total - 3)
    assert last["count"] == total
    assert last["next"] is None and len(last["results"]) == 3


def test_a_line_as_a_row_is_what_it_is_as_a_record(portfolio):
    lines = list(DiscountLine.objects.with_sources().order_by("-percent")[:5])
    lines.append(DiscountLine.objects.with_sources().filter(percent__isnull=True).first())
    serializer = DiscountLineSerializer()
    rows = {
        row["id"]: row
        for row in DiscountLine.objects.filter(pk__in=[line.pk for line in lines]).values(
            *DiscountLineSerializer.row_values()
        )
    }
    for line in lines:
        assert serializer.to_representation(rows[line.pk]) == DiscountLineSerializer(line).data


def test_the_notes_over_every_agreement_name_the_schedules_with_no_table_in_force(portfolio):
    # Those the engine finds without a table in force (`schedule_in_force`), among the agreements noted.
    as_of = AsOf(on=date(1997, 6, 1))
    notes = dict(lookup_notes(as_of, LookupQuestion()))
    assert "More agreements" in notes
    noted = Agreement.objects.order_by("contract_number")[:NOTED_AGREEMENTS]
    gaps = 0
    for schedule in DiscountSchedule.objects.filter(agreement__in=noted).select_related("agreement"):
        tables = list(schedule.tables.select_related("amendment", "schedule"))
        _, gap = schedule_in_force(tables, as_of)
        gaps += gap is not None
        assert (f"{schedule.agreement.contract_number} {schedule}" in notes) == (gap is not None), schedule
    assert gaps


def _rows_query(client, path, query):
    """The SQL of the query that reads the page's lines, and the alias of the lines in its ids subquery."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path, query).status_code == 200
    pattern = re.compile(r'"pricing_discountline"\."id" IN \(SELECT (\w+)\."id"')
    (sql,) = [q["sql"] for q in queries.captured_queries if pattern.search(q["sql"]) and "COUNT(" not in q["sql"]]
    return sql, pattern.search(sql)[1]


def _plan(sql):
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        return [row[-1] for row in cursor.fetchall()]


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/pricing/discounts/", {"on": ON}),
        ("/pricing/discounts/", {"q": "5ESS"}),
        ("/api/v1/discounts/", {"q": "5ESS"}),
    ],
)
def test_a_page_over_every_agreement_reads_the_lines_in_its_order(portfolio, monkeypatch, path, query):
    # The page's ids come from the lines alone (no join a planner could start from), through the index
    # of the page's order: not through the product index, and not sorted afterwards. (More lines than
    # the count's limit answer: with fewer, the API reads them through the product index, see below.)
    monkeypatch.setattr("pricing.api.views.COUNT_LIMIT", 10)
    sql, lines = _rows_query(portfolio[1], path, query)
    inner = sql[sql.index(f"IN (SELECT {lines}.") :]
    assert inner[inner.index(" FROM ") : inner.index(" WHERE ")] == f' FROM "pricing_discountline" {lines}'
    if connection.vendor == "sqlite":
        plan = _plan(sql)
        assert f"SCAN {lines} USING INDEX discountline_table_order" in plan, plan
        assert not any("pricing_discountline_product_id" in step for step in plan), plan


@pytest.mark.sqlite
def test_a_few_lines_counted_are_read_through_the_product_index(portfolio):
    sql, lines = _rows_query(portfolio[1], "/api/v1/discounts/", {"q": "PSAS"})
    plan = _plan(sql)
    assert any(step.startswith(f"SEARCH {lines} USING INDEX pricing_discountline_product_id") for step in plan), plan


@pytest.mark.parametrize(
    "text",
    [
        "5ESS",
        "oc12",
        "OC-12",
        "ddm",
        "5ESS switch",
        "switch 5ESS",
        "ddm 2000 oc12",
        "5ESS nothinglikeit",
        "PSAS",
        "zz",
        "(TM)",
    ],
)
def test_the_ids_of_a_name_are_those_of_the_best_products_it_names(portfolio, text):
    # `core.search.best_ids`: one term's ids straight from its indexes, the same products as `named`.
    found = set(Product.objects.filter(pk__in=Product.objects.all().named_ids(text)).values_list("pk", flat=True))
    assert found == set(Product.objects.named(text).values_list("pk", flat=True))


def _page_statements(client, query, *, limit, offset=0):
    """The answer's ids, and the statements that read the page's lines (each `id IN (SELECT …)`)."""
    with CaptureQueriesContext(connection) as queries:
        answer = _api_ids(client, query, limit=limit, offset=offset)
    pattern = re.compile(r'"pricing_discountline"\."id" IN \(SELECT \w+\."id"')
    statements = [q["sql"] for q in queries.captured_queries if pattern.search(q["sql"]) and "COUNT(" not in q["sql"]]
    return [row["id"] for row in answer["results"]], statements


@pytest.mark.parametrize("per_line", [20, 1], ids=["common name: line by line", "first lines too few: hashed"])
def test_a_common_name_s_pages_are_the_plain_query_s_lines_however_they_are_read(portfolio, monkeypatch, per_line):
    # Counted past the limit, a name of one term is asked line by line among the first lines on PostgreSQL
    # (`pricing.line_pages`); when they hold less than the page, the page is read again the hashed way.
    client = portfolio[1]
    monkeypatch.setattr("pricing.api.views.COUNT_LIMIT", 10)
    monkeypatch.setattr("pricing.querysets.LINES_ASKED_PER_LINE", per_line)
    expected = _plain_ids(DiscountLine.objects.filter(product__in=Product.objects.named("5ESS").values("pk")))
    first, first_statements = _page_statements(client, {"q": "5ESS"}, limit=30)
    second, second_statements = _page_statements(client, {"q": "5ESS"}, limit=30, offset=30)
    assert first + second == expected[:60]
    line_by_line = connection.vendor == "postgresql"
    hashed_after = line_by_line and per_line == 1
    for statements in (first_statements, second_statements):
        assert ["SELECT TRUE FROM" in sql for sql in statements] == [line_by_line] + [False] * hashed_after


def test_a_name_only_in_the_last_agreement_is_read_past_the_first_lines(portfolio, monkeypatch):
    # Its lines come after every other agreement's: asked line by line, the first lines hold none of them.
    client = portfolio[1]
    monkeypatch.setattr("pricing.api.views.COUNT_LIMIT", 3)
    last = Agreement.objects.order_by("-pk").first()
    products = list(Product.objects.filter(schedule__agreement=last, discount_lines__isnull=False).distinct()[:4])
    for product in products:
        product.other_names.create(name=f"Zephyr {product.pk}", kind="former")
    expected = _plain_ids(DiscountLine.objects.filter(product__in=products))
    assert len(expected) > 5
    found, statements = _page_statements(client, {"q": "zephyr"}, limit=5)
    assert found == expected[:5]
    assert len(statements) == (2 if connection.vendor == "postgresql" else 1)


@pytest.mark.parametrize(("text", "whole"), [("5ESS switch", True), ("switch 5ESS", False)])
def test_several_words_held_whole_are_answered_from_the_indexes_without_scoring(portfolio, text, whole):
    # "5ESS switch": some names hold "5essswitch", so those products are the best (`core.search.best_ids`)
    # and nothing is scored; "switch 5ESS" is held whole by none, so the products are scored. Same lines
    # as the plain query either way.
    client = portfolio[1]
    expected = _plain_ids(DiscountLine.objects.filter(product__in=Product.objects.named(text).values("pk")))
    with CaptureQueriesContext(connection) as queries:
        answer = _api_ids(client, {"q": text}, limit=50)
    assert [row["id"] for row in answer["results"]] == expected[:50]
    statements = [q["sql"] for q in queries.captured_queries]
    asked = [sql for sql in statements if sql.startswith("SELECT EXISTS (")]
    assert len(asked) == 1
    scoring = [sql for sql in statements if "pricing_discountline" in sql and " THEN 2 " in sql]
    assert bool(scoring) is not whole
