"""The price-check page and API: rows, filters, exports, bounded queries, permissions."""

import io
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tests.purchases.test_checks_support import FIVE_ESS, d, make_purchase

pytestmark = pytest.mark.django_db

PAGE = "purchases:pricecheck_list"


@pytest.fixture
def purchases(seed):
    return {
        "window": make_purchase(
            seed, order_date=d("1998-08-01"), invoice_date=d("1998-09-01"), invoice_reference="INV-1998-0901"
        ),
        "right": make_purchase(
            seed, order_date=d("1999-02-01"), invoice_date=d("1999-02-10"), invoiced_percent=Decimal("45")
        ),
        "five_ess": make_purchase(seed, order_date=d("1999-10-15"), invoice_date=d("1999-10-20"), **FIVE_ESS),
        "outsider": make_purchase(seed, buyer="kmc-telecom-iii", order_date=d("1998-08-01")),
    }


def test_page_shows_both_readings_with_clauses_and_the_variance(client_as, purchases):
    response = client_as("auditor").get(reverse(PAGE))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Amendment 2 §5(B) (effective 1998-12-22)" in html
    assert "as agreed on 1998-09-01" in html
    assert "not in the documents" in html  # the reading on the invoice date is unknown, and says why
    assert "750.00" in html
    assert 'data-flag="not_customer"' in html


@pytest.mark.parametrize("role", ["admin", "buyer", "auditor"])
def test_the_three_roles_may_view(client_as, role, purchases):
    assert client_as(role).get(reverse(PAGE)).status_code == 200
    assert client_as(role).get(reverse("purchases:credit_list")).status_code == 200


def test_a_user_without_a_role_is_refused(client, django_user_model, seed):
    client.force_login(django_user_model.objects.create_user("nobody", password="pw"))
    assert client.get(reverse(PAGE)).status_code == 403
    assert client.get(reverse("purchases:credit_list")).status_code == 403
    assert client.get("/api/v1/price-check/").status_code == 403
    assert client.get("/api/v1/credits/").status_code == 403


def test_anonymous_is_sent_to_login(client, seed):
    response = client.get(reverse(PAGE))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_only_variances(client_as, purchases):
    rows = client_as("buyer").get(reverse(PAGE), {"only_variances": "on"}).context["table"].data
    assert {row.purchase.pk for row in rows} == {purchases["window"].pk, purchases["five_ess"].pk}


@pytest.mark.parametrize("no", ["0", "false", "off", "no", ""])
def test_only_variances_said_no_in_any_spelling_checks_every_purchase(client_as, purchases, no):
    every = client_as("buyer").get("/api/v1/price-check/").json()["count"]
    assert every > 2
    assert client_as("buyer").get("/api/v1/price-check/", {"only_variances": no}).json()["count"] == every


@pytest.mark.parametrize("yes", ["1", "true", "on", "yes", "True"])
def test_only_variances_said_yes_in_any_spelling(client_as, purchases, yes):
    assert client_as("buyer").get("/api/v1/price-check/", {"only_variances": yes}).json()["count"] == 2


def test_only_variances_neither_yes_nor_no_is_refused_naming_the_field(client_as, purchases):
    client = client_as("buyer")
    api = client.get("/api/v1/price-check/", {"only_variances": "nope"})
    assert api.status_code == 400
    assert api.json() == {"only_variances": ["Give yes or no (true or false, 1 or 0), not “nope”."]}
    page = client.get(reverse(PAGE), {"only_variances": "nope"})
    assert "Only variances: Give yes or no" in page.content.decode()
    assert list(page.context["table"].data) == []


def test_schedule_filter_uses_the_engines_schedule(client_as, purchases):
    rows = client_as("buyer").get(reverse(PAGE), {"schedule": "A-1.7"}).context["table"].data
    assert [row.purchase.pk for row in rows] == [purchases["five_ess"].pk]


def test_entity_and_period_filters(client_as, purchases):
    rows = client_as("buyer").get(reverse(PAGE), {"entity": "kmc-telecom-iii"}).context["table"].data
    assert [row.purchase.pk for row in rows] == [purchases["outsider"].pk]
    rows = client_as("buyer").get(reverse(PAGE), {"period": "1999-Q4"}).context["table"].data
    assert [row.purchase.pk for row in rows] == [purchases["five_ess"].pk]
    # The period is of the invoice date: ordered in 1998-08, invoiced 1998-09.
    rows = client_as("buyer").get(reverse(PAGE), {"period": "1998-09"}).context["table"].data
    assert [row.purchase.pk for row in rows] == [purchases["window"].pk]


@pytest.mark.parametrize("period", ["1998-13", "1998-Q5", "Q3 1998", "x" * 7])
def test_bad_period_is_a_field_error_not_a_500(client_as, purchases, period):
    response = client_as("buyer").get(reverse(PAGE), {"period": period})
    assert response.status_code == 200
    assert "Give a month as 1998-08 or a quarter as 1998-Q3." in response.content.decode()
    api = client_as("buyer").get("/api/v1/price-check/", {"period": period})
    assert api.status_code == 400 and "period" in api.json()


def test_unknown_agreement_is_a_field_error(client_as, purchases):
    response = client_as("buyer").get("/api/v1/price-check/", {"agreement": "NO-SUCH"})
    assert response.status_code == 400 and "agreement" in response.json()


def test_csv_export(client_as, purchases):
    response = client_as("auditor").get(reverse(PAGE), {"_export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content if response.streaming else [response.content]).decode("utf-8-sig")
    assert "Contractual % as agreed now" in text.splitlines()[0]
    assert "45% (Amendment 2 §5(B)" in text
    assert "750.00" in text
    assert len(text.strip().splitlines()) == 1 + len(purchases)


def test_xlsx_export(client_as, purchases):
    response = client_as("auditor").get(reverse(PAGE), {"_export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert "Over (+) / under (−) charge" in rows[0]
    assert len(rows) == 1 + len(purchases)


def test_export_cells_cannot_become_formulas(client_as, seed):
    make_purchase(seed, order_date=d("1999-02-01"), product_as_entered="=HYPERLINK(1)", po_reference="=cmd")
    text = client_as("auditor").get(reverse(PAGE), {"_export": "csv"}).content.decode("utf-8-sig")
    assert ",=" not in text and "'=" in text


def _many(seed, count):
    for i in range(count):
        make_purchase(
            seed,
            buyer=("kmc-telecom-iii" if i % 3 == 0 else "kmc-telecom-ii"),
            order_date=d("1998-08-01") if i % 2 else d("1999-10-15"),
            invoice_date=d("1998-09-01") if i % 2 else d("1999-10-20"),
            **({} if i % 2 else FIVE_ESS),
        )


def _page_queries(client, params):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse(PAGE), params).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("params", [{}, {"only_variances": "on"}, {"schedule": "A-1.15", "period": "1998-09"}])
def test_page_queries_do_not_grow_with_the_purchases(client_as, seed, params):
    client = client_as("auditor")
    _many(seed, 5)
    few = _page_queries(client, params)
    _many(seed, 495)
    assert _page_queries(client, params) == few


def test_api_queries_do_not_grow_with_the_purchases(client_as, seed):
    client = client_as("auditor")
    _many(seed, 5)
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/price-check/", {"only_variances": "true"})
    _many(seed, 495)
    with CaptureQueriesContext(connection) as many:
        client.get("/api/v1/price-check/", {"only_variances": "true"})
    assert len(many.captured_queries) == len(few.captured_queries)


def test_api_list_and_detail(api_client_as, purchases):
    api = api_client_as("buyer")
    body = api.get("/api/v1/price-check/", {"only_variances": "true"}).json()
    assert body["count"] == 2
    window = api.get(f"/api/v1/price-check/{purchases['window'].pk}/").json()
    assert window["as_agreed_now"]["percent"] == "45.000"
    assert window["as_agreed_now"]["clause"]["amendment_number"] == 2
    assert window["as_agreed_on_invoice_date"]["as_agreed"] == "1998-09-01"
    assert window["as_agreed_on_invoice_date"]["percent"] is None
    assert window["variance_now"]["amount"] == "750.00"
    assert window["credit"]["amount"] == "750.00"
    assert [f["code"] for f in window["flags"]] == ["invoiced_differs"]
    outsider = api.get(f"/api/v1/price-check/{purchases['outsider'].pk}/").json()
    assert outsider["variance_now"]["amount"] is None and outsider["variance_now"]["why"]
    assert api.get("/api/v1/price-check/999999/").status_code == 404


def test_api_pages(api_client_as, purchases):
    body = api_client_as("auditor").get("/api/v1/price-check/", {"limit": 2}).json()
    assert body["count"] == 4 and len(body["results"]) == 2 and body["next"]


def test_endpoints_are_in_the_openapi_schema(api_client_as, seed):
    schema = api_client_as("auditor").get("/api/schema/", {"format": "json"}).json()
    for path in ("/api/v1/price-check/", "/api/v1/price-check/{id}/", "/api/v1/credits/", "/api/v1/credits/{id}/"):
        assert path in schema["paths"]
    parameters = {p["name"] for p in schema["paths"]["/api/v1/price-check/"]["get"]["parameters"]}
    assert {"agreement", "entity", "schedule", "period", "only_variances"} <= parameters


def test_questions_over_the_bound_are_refused_with_a_reason(client_as, purchases, monkeypatch):
    from purchases import pricecheck

    monkeypatch.setattr(pricecheck, "MAX_CHECKED", 3)
    client = client_as("auditor")
    html = client.get(reverse(PAGE), {"only_variances": "on"}).content.decode()
    assert "more than 3 purchases" in html and "Choose an agreement" in html
    refused = client.get(reverse(PAGE), {"_export": "csv"})
    assert refused["Content-Type"].startswith("text/html")
    assert "An export holds at most 3 purchases" in refused.content.decode()
    api = client.get("/api/v1/price-check/", {"only_variances": "true"})
    assert api.status_code == 400 and "more than 3 purchases" in str(api.json())


@pytest.mark.parametrize(("said", "ticked"), [("on", True), ("1", True), ("0", False), ("no", False), ("nope", False)])
def test_the_only_variances_box_shows_what_was_said(client_as, purchases, said, ticked):
    html = client_as("buyer").get(reverse(PAGE), {"only_variances": said}).content.decode()
    box = re.search(r'<input[^>]*name="only_variances"[^>]*>', html).group(0)
    assert ("checked" in box) is ticked
    assert "value=" not in box  # ticked, it sends "on" whatever it was sent as
