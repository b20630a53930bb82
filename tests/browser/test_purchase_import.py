"""A buyer imports a purchase file: one row is refused with its row and column, nothing is written;
the buyer fixes the file, previews it again and imports it; the history names the file."""

import pytest

from purchases.models import Purchase

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = "agreement,buyer,po_reference,product,order_date,quantity,list_price,invoiced_percent"
GOOD = "LNM970313MP,KMC III,PO-2000-001,DDM-2000 OC-3,2000-03-01,2,10000.00,45"
BAD = 'LNM970313MP,"KMC Telecom III, Inc.",PO-2000-002,DDM-2000 OC-3,2000-02-30,1,5000.00,45'  # no 30 February
FIXED = BAD.replace("2000-02-30", "2000-02-28")


def _file(tmp_path, *rows):
    path = tmp_path / "purchases-2000-q1.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def test_buyer_imports_a_file_fixes_the_refused_row_and_imports_it(seed, buyer_user, login, live_server, tmp_path):
    page = login(buyer_user)
    page.goto(f"{live_server.url}/purchases/")
    page.get_by_role("link", name="Import a purchase file (CSV or XLSX)").click()

    page.get_by_label("Purchase file (CSV or XLSX)").set_input_files(_file(tmp_path, GOOD, BAD))
    page.get_by_role("button", name="Check the file").click()
    errors = page.locator("#import-errors")
    assert "Nothing was written" in errors.inner_text()
    row = errors.locator("tbody tr")
    assert row.count() == 1
    assert row.locator("td").nth(0).inner_text() == "3"
    assert row.locator("td").nth(1).inner_text() == "order_date"
    assert not Purchase.objects.exists()

    page.get_by_label("Purchase file (CSV or XLSX)").set_input_files(_file(tmp_path, GOOD, FIXED))
    page.get_by_role("button", name="Check the file").click()
    preview = page.locator("#preview")
    assert preview.locator("tbody tr").count() == 2
    assert "KMC Telecom III, Inc." in preview.inner_text()
    assert not Purchase.objects.exists()

    page.get_by_role("button", name="Import purchases-2000-q1.csv").click()
    assert "Imported purchases-2000-q1.csv" in page.locator("#imported").inner_text()
    assert sorted(Purchase.objects.values_list("po_reference", flat=True)) == ["PO-2000-001", "PO-2000-002"]
    reasons = set(Purchase.history.values_list("history_change_reason", flat=True))
    assert reasons == {"Imported from purchases-2000-q1.csv"}

    page.get_by_role("link", name="the purchase list").click()
    assert page.get_by_role("cell", name="PO-2000-002").is_visible()
