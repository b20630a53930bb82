"""Importing a purchase file: preview, all or nothing, every bad row reported, history names the file."""

import io
from datetime import date, datetime

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.editing import save_edit
from purchases.forms import MAX_IMPORT_BYTES
from purchases.models import Purchase
from purchases.resources import HEADERS

pytestmark = pytest.mark.django_db

URL = "/purchases/import/"
HEADER = "agreement,buyer,po_reference,product,order_date,quantity,list_price,invoiced_percent,invoice_date"
GOOD_ROWS = [
    "LNM970313MP,KMC III,PO-1,DDM-2000 OC-3,2000-03-01,2,10000.00,45,2000-03-15",
    "LNM970313MP,KMC IV,PO-2,5ESS,1999-11-01,1,2500.50,,",
]


def csv_file(lines, name="purchases-2000-q1.csv"):
    return SimpleUploadedFile(name, ("\n".join(lines) + "\n").encode(), content_type="text/csv")


def upload(client, file):
    return client.post(URL, {"purchase_file": file})


def confirm(client, preview):
    return client.post(URL, {"token": preview.context["confirm_form"].initial["token"]})


def _history_rows():
    return Purchase.history.count()


def test_the_page_documents_the_columns_and_the_template_has_them(client_as, seed):
    client = client_as("buyer")
    page = client.get(URL).content.decode()
    for header in HEADERS:
        assert f"<code>{header}</code>" in page
    template = client.get(reverse("purchases:purchase_import_template"))
    assert template.status_code == 200
    assert template.content.decode("utf-8-sig").strip() == ",".join(HEADERS)


def test_preview_writes_nothing_then_import_writes_every_row_with_the_file_name(client_as, users, seed):
    client = client_as("buyer")
    preview = upload(client, csv_file([HEADER, *GOOD_ROWS]))
    assert preview.status_code == 200
    rows = preview.context["preview"].rows
    assert [row.action for row in rows] == ["new", "new"]
    assert rows[0].purchase.buyer.slug == "kmc-telecom-iii"  # "KMC III" resolved
    assert rows[0].product_match == "DDM-2000 OC-3"
    assert "KMC Telecom III, Inc." in preview.content.decode()
    assert not Purchase.objects.exists()
    assert _history_rows() == 0

    done = confirm(client, preview)
    assert done.status_code == 200
    assert sorted(Purchase.objects.values_list("po_reference", flat=True)) == ["PO-1", "PO-2"]
    records = list(Purchase.history.all())
    assert {r.history_change_reason for r in records} == {"Imported from purchases-2000-q1.csv"}
    assert {r.history_user for r in records} == {users["buyer"]}
    second = Purchase.objects.get(po_reference="PO-2")
    assert second.invoiced_percent is None  # blank: unknown, not 0
    assert second.buyer.slug == "kmc-telecom-iv"
    # The token is used up: importing again asks for the file again.
    again = client.post(URL, {"token": preview.context["confirm_form"].initial["token"]})
    assert again.status_code == 400
    assert Purchase.objects.count() == 2


def test_a_bad_file_reports_every_bad_row_with_row_and_column_and_writes_nothing(client_as, seed):
    lines = [
        HEADER,
        GOOD_ROWS[0],
        "LNM970313MP,Nobody Inc.,PO-3,DDM-2000 OC-3,2000-03-01,2,100.00,45,",  # row 3: buyer
        "LNM970313MP,KMC III,PO-4,DDM-2000 OC-3,2000-02-30,2,100.00,45,",  # row 4: order_date
        GOOD_ROWS[1],
        "NO-SUCH,KMC III,PO-6,DDM-2000 OC-3,2000-03-01,two,-5,145,",  # row 6: four columns
    ]
    client = client_as("buyer")
    response = upload(client, csv_file(lines))
    assert response.status_code == 400
    problems = {(p.row, p.column) for p in response.context["refused"].problems}
    assert problems == {
        (3, "buyer"),
        (4, "order_date"),
        (6, "agreement"),
        (6, "quantity"),
        (6, "list_price"),
        (6, "invoiced_percent"),
    }
    page = response.content.decode()
    assert "Nothing was written" in page and "Nobody Inc." in page
    assert "confirm_form" not in response.context or response.context.get("confirm_form") is None
    assert not Purchase.objects.exists()
    assert _history_rows() == 0


def test_headers_are_checked_first(client_as, seed):
    response = upload(client_as("buyer"), csv_file(["agreement,buyer,prodcut,order_date", "x,y,z,2000-01-01"]))
    assert response.status_code == 400
    messages = " ".join(p.message for p in response.context["refused"].problems)
    assert "Unknown column 'prodcut'" in messages
    assert "'product' is required" in messages and "'list_price' is required" in messages


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("purchases.txt", b"a,b", "CSV (.csv) or an Excel workbook"),
        ("big.csv", b"x" * (MAX_IMPORT_BYTES + 1), "at most"),
    ],
)
def test_the_upload_is_limited(client_as, seed, name, content, message):
    response = upload(client_as("buyer"), SimpleUploadedFile(name, content))
    assert response.status_code == 400
    assert message in " ".join(response.context["upload_form"].errors["purchase_file"])


def test_unreadable_files_are_refused_with_a_reason(client_as, seed):
    client = client_as("buyer")
    latin = upload(client, SimpleUploadedFile("p.csv", "agreement,buyer\nLNM,Société".encode("latin-1")))
    assert "not UTF-8" in latin.content.decode()
    broken = upload(client, SimpleUploadedFile("p.xlsx", b"PK\x03\x04 not really"))
    assert broken.status_code == 400
    assert "not a readable Excel workbook" in broken.content.decode()


def xlsx_file(rows, name="purchases-2000-q2.xlsx"):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def test_xlsx_import_with_spreadsheet_dates_and_numbers(client_as, seed):
    rows = [
        ["agreement", "buyer", "product", "order_date", "ship_date", "quantity", "list_price", "invoiced_percent"],
        ["LNM970313MP", "kmc-telecom-iii", "DDM-2000 OC-3", datetime(2000, 3, 1), date(2000, 3, 20), 4, 1234.5, 45],
    ]
    client = client_as("admin")
    preview = upload(client, xlsx_file(rows))
    assert preview.status_code == 200, preview.context.get("refused") and preview.context["refused"].problems
    confirm(client, preview)
    purchase = Purchase.objects.get()
    assert (purchase.order_date, purchase.ship_date, purchase.quantity) == (date(2000, 3, 1), date(2000, 3, 20), 4)
    assert str(purchase.list_price) == "1234.50"
    assert purchase.history.get().history_change_reason == "Imported from purchases-2000-q2.xlsx"


def test_an_xlsx_with_a_bad_row_writes_nothing(client_as, seed):
    rows = [
        ["agreement", "buyer", "product", "order_date", "list_price"],
        ["LNM970313MP", "KMC III", "DDM-2000 OC-3", datetime(2000, 3, 1), 10],
        ["LNM970313MP", "KMC III", "", "yesterday", 10],
    ]
    response = upload(client_as("buyer"), xlsx_file(rows))
    assert response.status_code == 400
    assert {(p.row, p.column) for p in response.context["refused"].problems} == {(3, "product"), (3, "order_date")}
    assert not Purchase.objects.exists()


def test_a_row_with_an_id_changes_that_purchase_and_shows_old_and_new(client_as, make_purchase):
    purchase = make_purchase()
    lines = [
        "id,agreement,buyer,po_reference,product,order_date,quantity,list_price,invoiced_percent",
        f"{purchase.pk},LNM970313MP,KMC III,PO-1,DDM-2000 OC-3,2000-03-01,7,10000.00,45",
    ]
    client = client_as("buyer")
    preview = upload(client, csv_file(lines, "fix.csv"))
    row = preview.context["preview"].rows[0]
    assert row.action == "update"
    assert [(c.column, c.old, c.new) for c in row.changes] == [("quantity", "2", "7")]
    confirm(client, preview)
    purchase.refresh_from_db()
    assert purchase.quantity == 7
    latest = purchase.history.order_by("-history_id").first()
    assert latest.history_change_reason == "Imported from fix.csv"


def test_an_unknown_id_is_refused(client_as, seed):
    lines = ["id,agreement,buyer,product,order_date,list_price", "999999,LNM970313MP,KMC III,X,2000-03-01,1"]
    response = upload(client_as("buyer"), csv_file(lines))
    assert {(p.row, p.column) for p in response.context["refused"].problems} == {(2, "id")}
    assert not Purchase.objects.exists()


def test_a_purchase_changed_after_the_preview_stops_the_whole_import(client_as, make_purchase):
    purchase = make_purchase()
    lines = [
        "id,agreement,buyer,po_reference,product,order_date,quantity,list_price",
        f"{purchase.pk},LNM970313MP,KMC III,PO-1,DDM-2000 OC-3,2000-03-01,7,10000.00",
        ",LNM970313MP,KMC III,PO-NEW,DDM-2000 OC-3,2000-03-01,1,10.00",
    ]
    client = client_as("buyer")
    preview = upload(client, csv_file(lines))
    purchase.quantity = 3
    save_edit(purchase, reason="Someone else", base_version=purchase.history.order_by("-history_id")[0].history_id)
    response = confirm(client, preview)
    assert response.status_code == 409
    assert [(p.row, p.column) for p in response.context["refused"].problems] == [(2, "id")]
    purchase.refresh_from_db()
    assert purchase.quantity == 3
    assert not Purchase.objects.filter(po_reference="PO-NEW").exists()


def test_auditors_cannot_import(client_as, seed):
    client = client_as("auditor")
    assert client.get(URL).status_code == 403
    assert upload(client, csv_file([HEADER, *GOOD_ROWS])).status_code == 403
    assert not Purchase.objects.exists()


def test_a_footnote_condition_imports_by_value_or_label_and_an_unknown_one_is_refused(client_as, seed):
    client = client_as("buyer")
    header = "agreement,buyer,product,order_date,list_price,condition"
    rows = [
        "LNM970313MP,KMC IV,5ESS VCDX Switch,2000-03-01,200.00,pri_only",
        "LNM970313MP,KMC IV,Dual 2Fiber OC-48 A/D Ring Term,2000-03-01,1000.00,commons ordered singly",
    ]
    preview = upload(client, csv_file([header, *rows]))
    assert [row.purchase.condition for row in preview.context["preview"].rows] == ["pri_only", "single_commons"]
    assert "pri_only" in preview.content.decode()  # the column's help lists every condition
    refused = upload(client, csv_file([header, "LNM970313MP,KMC IV,5ESS,2000-03-01,200.00,pri only please"]))
    assert refused.status_code == 400
    problems = [(p.column, p.message) for p in refused.context["refused"].problems]
    assert any(field == "condition" and "pri only please" in message for field, message in problems), problems
    assert not Purchase.objects.exists()
