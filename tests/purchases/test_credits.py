"""The credit claim: purchases invoiced inside a retroactive window, the amendment that made the credit
due, totals by entity, schedule and period, exports, bounded queries."""

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from purchases.models import Purchase
from purchases.pricecheck import credit_report, in_retroactive_window, period_range
from tests.purchases.test_checks_support import FIVE_ESS, d, make_purchase

pytestmark = pytest.mark.django_db

PAGE = "purchases:credit_list"


@pytest.fixture
def claim(seed):
    """Two lines due a credit (one per retroactive window, two entities), and lines that are not."""
    make_purchase(seed, buyer="kmc-telecom-leasing-i", order_date=d("1998-05-01"), invoice_date=d("1998-07-01"))
    return {
        "transmission": make_purchase(
            seed, order_date=d("1998-08-01"), invoice_date=d("1998-09-01"), invoice_reference="INV-98-0901"
        ),
        "five_ess": make_purchase(
            seed,
            buyer="kmc-telecom-inc",
            order_date=d("1999-10-15"),
            invoice_date=d("1999-11-02"),
            invoiced_percent=Decimal("70"),
            **FIVE_ESS,
        ),
        "after": make_purchase(seed, order_date=d("1999-01-04"), invoice_date=d("1999-01-10")),
        "invoiced_after_effective": make_purchase(seed, order_date=d("1998-08-01"), invoice_date=d("1998-12-22")),
        "outsider": make_purchase(seed, buyer="kmc-telecom-iii", order_date=d("1998-08-01")),
    }


def test_only_lines_invoiced_inside_a_retroactive_window_are_claimed(claim):
    report = credit_report(Purchase.objects.all())
    assert [c.purchase.pk for c in report.lines] == [claim["five_ess"].pk, claim["transmission"].pk]
    # 3 × 1000.00 × (45 − 20)% and 3 × 1000.00 × (83 − 70)%.
    assert [c.credit.amount for c in report.lines] == [Decimal("390.00"), Decimal("750.00")]
    assert report.total == Decimal("1140.00")


def test_each_line_cites_the_amendment_that_made_it_due(claim):
    report = credit_report(Purchase.objects.all())
    clauses = {c.purchase.pk: c.credit.clause for c in report.lines}
    assert clauses[claim["transmission"].pk].amendment_number == 2
    assert clauses[claim["transmission"].pk].valid_from == d("1998-06-30")
    assert clauses[claim["five_ess"].pk].amendment_number == 3
    assert clauses[claim["five_ess"].pk].valid_from == d("1999-10-01")


def test_the_database_prefilter_keeps_only_retroactive_windows(claim):
    inside = set(in_retroactive_window(Purchase.objects.all()).values_list("pk", flat=True))
    # The non-Customer's purchase is in a window (the engine then finds no discount for it).
    assert inside == {claim["transmission"].pk, claim["five_ess"].pk, claim["outsider"].pk}


def test_totals_by_entity_schedule_and_period(claim):
    report = credit_report(Purchase.objects.all())
    by_entity = {t.key: t.amount for t in report.totals_by("entity")}
    assert by_entity == {"KMC Telecom II, Inc.": Decimal("750.00"), "KMC Telecom Inc.": Decimal("390.00")}
    assert {t.key: t.amount for t in report.totals_by("schedule")} == {
        "A-1.15": Decimal("750.00"),
        "A-1.7": Decimal("390.00"),
    }
    assert {t.key: t.amount for t in report.totals_by("period")} == {
        "1998-09": Decimal("750.00"),
        "1999-11": Decimal("390.00"),
    }
    quarters = credit_report(Purchase.objects.all(), period_by="quarter")
    assert {t.key: t.lines for t in quarters.totals_by("period")} == {"1998-Q3": 1, "1999-Q4": 1}


def test_unknown_credit_is_listed_and_left_out_of_the_total(claim, seed):
    make_purchase(seed, order_date=d("1998-08-01"), invoice_date=d("1998-09-15"), invoiced_percent=None)
    report = credit_report(Purchase.objects.all())
    assert report.unknown == 1
    assert report.total == Decimal("1140.00")
    assert {t.key: (t.lines, t.unknown) for t in report.totals_by("schedule")}["A-1.15"] == (2, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1998-08", (d("1998-08-01"), d("1998-09-01"))),
        ("1998-12", (d("1998-12-01"), d("1999-01-01"))),
        ("1998-Q4", (d("1998-10-01"), d("1999-01-01"))),
        ("1999-q1", (d("1999-01-01"), d("1999-04-01"))),
        ("1998-00", None),
        ("1998-Q0", None),
        ("98-08", None),
    ],
)
def test_period_range(text, expected):
    assert period_range(text) == expected


def test_page_shows_the_claim_with_clause_and_totals(client_as, claim):
    response = client_as("auditor").get(reverse(PAGE))
    html = response.content.decode()
    assert "Amendment 2 §5(B) (effective 1998-12-22)" in html and "valid from 1998-06-30" in html
    assert "Amendment 3 §4 (effective 1999-11-15)" in html and "valid from 1999-10-01" in html
    assert "data-total>1140.00<" in html
    assert "By buying entity" in html and "By schedule" in html and "By period" in html


def test_page_filters(client_as, claim):
    rows = client_as("buyer").get(reverse(PAGE), {"schedule": "A-1.7"}).context["table"].data
    assert [row.purchase.pk for row in rows] == [claim["five_ess"].pk]
    rows = client_as("buyer").get(reverse(PAGE), {"entity": "kmc-telecom-ii"}).context["table"].data
    assert [row.purchase.pk for row in rows] == [claim["transmission"].pk]
    rows = client_as("buyer").get(reverse(PAGE), {"period": "1999-Q4"}).context["table"].data
    assert [row.purchase.pk for row in rows] == [claim["five_ess"].pk]


def test_csv_claim(client_as, claim):
    response = client_as("auditor").get(reverse(PAGE), {"_export": "csv"})
    assert response["Content-Disposition"] == 'attachment; filename="credit_claim.csv"'
    text = response.content.decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert "Made due by" in lines[0] and "Credit due" in lines[0]
    assert len(lines) == 3
    assert "Amendment 2 §5(B) (effective 1998-12-22)" in text and "750.00" in text
    assert "INV-98-0901" in text


def test_xlsx_claim(client_as, claim):
    response = client_as("auditor").get(reverse(PAGE), {"_export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 3 and "Credit due" in rows[0]


def test_api_claim_with_totals(api_client_as, claim):
    body = api_client_as("auditor").get("/api/v1/credits/", {"period_by": "quarter"}).json()
    assert body["count"] == 2 and body["total"] == "1140.00" and body["unknown"] == 0
    assert {t["key"]: t["amount"] for t in body["totals"]["period"]} == {"1998-Q3": "750.00", "1999-Q4": "390.00"}
    assert body["results"][1]["credit"]["clause"]["amendment_number"] == 2


def test_api_credit_detail(api_client_as, claim):
    api = api_client_as("buyer")
    detail = api.get(f"/api/v1/credits/{claim['transmission'].pk}/").json()
    assert detail["credit"]["amount"] == "750.00" and detail["credit"]["basis"] == "invoiced"
    assert api.get(f"/api/v1/credits/{claim['after'].pk}/").status_code == 404


def test_api_bad_period_by(api_client_as, claim):
    response = api_client_as("buyer").get("/api/v1/credits/", {"period_by": "week"})
    assert response.status_code == 400 and "period_by" in response.json()


def _queries(client):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse(PAGE)).status_code == 200
    return len(captured.captured_queries)


def test_page_queries_do_not_grow_with_the_purchases(client_as, seed):
    client = client_as("auditor")

    def add(count):
        for i in range(count):
            product = FIVE_ESS if i % 2 else {}
            ordered, invoiced = ("1999-10-15", "1999-10-20") if i % 2 else ("1998-08-01", "1998-09-01")
            make_purchase(seed, order_date=d(ordered), invoice_date=d(invoiced), **product)

    add(5)
    few = _queries(client)
    add(495)
    assert _queries(client) == few


def test_attention_list_counts_invoices_in_retroactive_windows(claim, users):
    from purchases.pricecheck_attention import attention_lists

    (credits,) = attention_lists(users["auditor"], on=d("2026-11-26"), limit=2)
    assert credits.kind == "credits_due" and credits.total == 3 and credits.more == 1
    # Earliest invoice first; the non-Customer's line is in a window too, and says why nothing is due.
    outsider, transmission = credits.items
    assert outsider.key == f"credit-due:{claim['outsider'].pk}" and outsider.detail.startswith("No credit")
    assert transmission.key == f"credit-due:{claim['transmission'].pk}"
    assert "Credit due 750.00, made due by Amendment 2 §5(B)" in transmission.detail
    # Before Amendment 2 was agreed nothing was due on the Transmission window; Amendment 3 not yet either.
    assert attention_lists(users["auditor"], on=d("1998-12-21"), limit=5) == []


def test_attention_list_needs_the_view_permission(claim, django_user_model):
    from purchases.pricecheck_attention import attention_lists

    nobody = django_user_model.objects.create_user("nobody", password="pw")
    assert attention_lists(nobody, on=d("2026-11-26"), limit=5) == []
