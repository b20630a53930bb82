"""The discount lookup, product page and quote page: content, dates shown, permissions, query counts."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from contracts.models import Amendment
from pricing.models import DiscountLine, DiscountTable, Product

pytestmark = pytest.mark.django_db

LIST_URL = reverse("pricing:discount_list")
QUOTE_URL = reverse("pricing:quote")


def quote_params(seed, entity, lines, on="2000-03-01", as_agreed=""):
    from contracts.models import LegalEntity

    params = {
        "agreement": seed.pk,
        "entity": LegalEntity.objects.get(slug=entity).pk,
        "on": on,
        "as_agreed": as_agreed,
        "form-TOTAL_FORMS": len(lines),
        "form-INITIAL_FORMS": 0,
        "form-MIN_NUM_FORMS": 0,
        "form-MAX_NUM_FORMS": 50,
    }
    for i, line in enumerate(lines):
        params.update({f"form-{i}-quantity": 1, **{f"form-{i}-{k}": v for k, v in line.items()}})
    return params


@pytest.mark.parametrize("role", ["buyer", "auditor", "admin"])
def test_lookup_searches_any_product_name(seed, client_as, role):
    response = client_as(role).get(LIST_URL, {"q": "psas"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "PathStar(TM) Access Server (PSAS)" in body
    assert "DDM PLUS" not in body
    assert "every line of every amendment" in body


def test_lookup_on_a_date_shows_the_dates_and_unknown_schedules(seed, client_as):
    response = client_as("buyer").get(LIST_URL, {"on": "1999-09-01", "as_agreed": "1999-11-01"})
    body = response.content.decode()
    assert "on 1999-09-01" in body and "as agreed on 1999-11-01" in body
    assert "5ESS Switch" not in body
    assert "A-1.7" in body and "not in the documents" in body
    lines = response.context["table"].data.data
    assert {line.table.schedule.section for line in lines} == {"A-1.15", "A-1.22"}


def test_lookup_filters_by_schedule_and_component(seed, client_as):
    table = DiscountTable.objects.get(key="am2-a1-15-transmission")
    response = client_as("buyer").get(LIST_URL, {"schedule": table.schedule_id, "component": "optics"})
    rows = list(response.context["table"].data.data)
    assert sorted(r.product_as_written for r in rows) == [
        "DDM-2000 OC-12 Optics",
        "FT-2000 OC-48 Lightwave System Optics",
    ]


def test_lookup_bad_date_names_the_field(seed, client_as):
    response = client_as("buyer").get(LIST_URL, {"on": "1999-02-31"})
    assert response.status_code == 200
    assert "On: Enter a valid date." in response.content.decode()


def test_lookup_csv_export(seed, client_as):
    response = client_as("buyer").get(LIST_URL, {"q": "DACS", "_export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode()
    assert "no number (see 1.15.1 below)" in text
    assert "27%" in text


def test_lookup_anonymous_is_sent_to_login(client):
    response = client.get(LIST_URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def add_lines(seed, start, stop):
    """Lines `start`..`stop` - 1 of a bulk table, each for a product of its own."""
    from pricing.models import DiscountSchedule

    amendment = Amendment.objects.get(agreement=seed, number=4)
    schedule, _ = DiscountSchedule.objects.get_or_create(agreement=seed, section="A-9.99", title="Bulk")
    table, _ = DiscountTable.objects.get_or_create(
        key="bulk", schedule=schedule, amendment=amendment, action="add", valid_from=date(2000, 2, 15)
    )
    for i in range(start, stop):
        product = Product.objects.create(schedule=schedule, name=f"Bulk product {i}")
        DiscountLine.objects.create(
            table=table,
            amendment=amendment,
            position=i,
            product=product,
            product_as_written=product.name,
            percent=Decimal(i % 100),
            percent_as_written=f"{i % 100}%",
            valid_from=date(2000, 2, 15),
        )


@pytest.mark.parametrize("params", [{}, {"on": "2000-03-01", "as_agreed": "2000-03-01"}, {"q": "bulk"}])
def test_lookup_query_count_does_not_grow_with_rows(seed, client_as, django_assert_num_queries, params):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_as("buyer")
    query = {**params, "per_page": 200}  # the most a page shows (core.views.MAX_PER_PAGE)
    add_lines(seed, 0, 5)
    client.get(LIST_URL, query)  # warm the session and permission caches
    with CaptureQueriesContext(connection) as few:
        small = client.get(LIST_URL, query)
    add_lines(seed, 5, 140)
    with django_assert_num_queries(len(few.captured_queries)):
        large = client.get(LIST_URL, query)
    assert len(large.context["table"].page.object_list) - len(small.context["table"].page.object_list) == 135


def test_product_page_shows_every_line_and_the_timeline(seed, client_as):
    product = Product.objects.get(name="5ESS Switch")
    response = client_as("buyer").get(product.get_absolute_url())
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("<rect") == 4  # unknown stretch + three columns
    assert "unknown: replaced table not in the documents" in body
    assert "Large Growth is defined as the addition of seven (7)" in body
    assert "retroactive" in body


def test_product_page_warranty_and_aliases(seed, client_as):
    product = Product.objects.get(name="ConnectStar(TM) Interworking Call Router")
    body = client_as("auditor").get(product.get_absolute_url()).content.decode()
    assert "BICR" in body and "Broadband Interworking Connection Router" in body
    assert "90 days" in body
    assert 'class="history"' in body


def test_quote_prices_two_lines_with_totals(seed, client_as):
    params = quote_params(
        seed,
        "kmc-telecom-iii",
        [
            {"product": "PSAS", "list_price": "1000.00"},
            {"product": "5ESS Switch", "condition": "growth", "stsx1_cards_added": 7, "list_price": "10.05"},
        ],
    )
    response = client_as("buyer").get(QUOTE_URL, params)
    result = response.context["result"]
    assert [line.extended_net for line in result.lines] == [Decimal("600.00"), Decimal("2.31")]
    assert result.total_net == Decimal("602.31")
    body = response.content.decode()
    assert "602.31" in body and "Amendment 3 §4" in body and "order date <strong>2000-03-01" in body.lower()


def test_quote_as_agreed_shows_both_answers(seed, client_as):
    params = quote_params(
        seed,
        "kmc-telecom-iii",
        [{"product": "5ESS Switch", "condition": "initial_switch", "list_price": "100"}],
        on="1999-10-15",
        as_agreed="1999-11-01",
    )
    response = client_as("buyer").get(QUOTE_URL, params)
    body = response.content.decode()
    assert "not in the documents" in body
    assert "As agreed now:" in body and "83%" in body


def test_quote_csv(seed, client_as):
    params = quote_params(seed, "kmc-telecom-iii", [{"product": "DDM PLUS", "list_price": "100"}])
    response = client_as("buyer").get(QUOTE_URL, {**params, "_export": "csv"})
    text = response.content.decode()
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "73.00" in text and "total" in text


def test_quote_errors_name_the_field(seed, client_as):
    params = quote_params(seed, "kmc-telecom-iii", [{"product": "DDM PLUS", "list_price": "abc"}], on="x")
    body = client_as("buyer").get(QUOTE_URL, params).content.decode()
    assert "Order date: Enter a valid date." in body
    assert "Line 1 List price: Enter a number." in body


def test_auditor_cannot_price_quotes(seed, client_as):
    assert client_as("auditor").get(QUOTE_URL).status_code == 403


@pytest.mark.parametrize("role", ["buyer", "auditor"])
def test_buyer_and_auditor_cannot_edit_in_admin(seed, client_as, role):
    line = DiscountLine.objects.first()
    response = client_as(role).get(reverse("admin:pricing_discountline_change", args=[line.pk]))
    assert response.status_code in (302, 403)


def test_admin_refuses_overlapping_line(seed, client_as):
    line = DiscountLine.objects.get(product_as_written="DDM PLUS")
    data = {
        "table": line.table_id,
        "amendment": line.amendment_id,
        "position": 99,
        "column": "DISCOUNT",
        "product": line.product_id,
        "product_as_written": "DDM PLUS again",
        "component": line.component,
        "condition": "",
        "percent": "30",
        "percent_as_written": "30%",
        "no_number_reason": "",
        "valid_from": "1999-01-01",
        "valid_to": "",
        "footnotes": "",
        "order_code": "",
        "configuration": "",
        "note": "",
    }
    response = client_as("admin").post(reverse("admin:pricing_discountline_add"), data)
    assert response.status_code == 200
    assert "Overlaps" in response.content.decode()
    assert DiscountLine.objects.filter(position=99).count() == 0


def test_amendment_page_lists_its_tables(seed, client_as):
    amendment = Amendment.objects.get(number=3)
    body = client_as("buyer").get(amendment.get_absolute_url()).content.decode()
    assert "A-1.7 Discount Schedule for 5ESS(R)-2000 Switch Products" in body
    assert "9 lines" in body


def test_admin_edit_records_history_with_the_user(seed, client_as, admin_user):
    client = client_as("admin")
    line = DiscountLine.objects.get(product_as_written="DDM PLUS")
    url = reverse("admin:pricing_discountline_change", args=[line.pk])
    form = client.get(url).context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items()}
    data.update({"note": "checked against EX-10.8", "change_reason": "Checked against the filing"})
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:500]
    latest = line.history.order_by("-history_id").first()
    assert (latest.history_user, latest.note) == (admin_user, "checked against EX-10.8")
    assert latest.history_change_reason == "Checked against the filing"


def test_quote_query_count_does_not_grow_with_lines(seed, client_as, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_as("buyer")
    one = quote_params(seed, "kmc-telecom-iii", [{"product": "PSAS", "list_price": "10"}], as_agreed="1999-12-01")
    many = quote_params(
        seed,
        "kmc-telecom-iii",
        [{"product": name, "list_price": "10"} for name in ["PSAS", "DDM PLUS", "BICR", "MSDT", "PCG"] * 4],
        as_agreed="1999-12-01",
    )
    client.get(QUOTE_URL, one)
    with CaptureQueriesContext(connection) as few:
        client.get(QUOTE_URL, one)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(QUOTE_URL, many)
    assert len(response.context["result"].lines) == 20


def test_lookup_points_to_products_without_printed_discount(seed, client_as):
    body = client_as("buyer").get(LIST_URL, {"q": "packet solutions"}).content.decode()
    assert "Matching products with no printed discount" in body
    assert "7R/E(TM) Packet Solutions</a> (A-1.26)" in body


def test_lookup_with_a_bad_date_assumes_nothing_and_lists_nothing(seed, client_as):
    response = client_as("buyer").get("/pricing/discounts/", {"q": "DDM PLUS", "on": "1999-02-30"})
    body = response.content.decode()
    assert "Correct the input above to see an answer; no date was assumed." in body
    assert "every line of every amendment" not in body
    assert list(response.context["table"].data) == []


def test_lookup_as_agreed_alone_says_it_used_today(seed, client_as):
    body = client_as("buyer").get("/pricing/discounts/", {"as_agreed": "1999-01-01"}).content.decode()
    assert "(today: no “On” date was given)" in body
