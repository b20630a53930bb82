"""An auditor finds the credit a retroactive amendment made due, with its clause, and downloads the claim."""

from decimal import Decimal
from pathlib import Path

import pytest

from tests.purchases.test_checks_support import d, make_purchase

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_auditor_sees_the_credit_due_and_exports_the_claim(seed, auditor_user, login, live_server):
    # Ordered and invoiced after A-1.15's retroactive start (1998-06-30), before Amendment 2 (1998-12-22).
    make_purchase(
        seed,
        order_date=d("1998-08-01"),
        invoice_date=d("1998-09-01"),
        invoice_reference="INV-98-0901",
        po_reference="PO-7",
    )
    # After the amendment: invoiced at the agreed 45%, nothing due.
    make_purchase(seed, order_date=d("1999-02-01"), invoice_date=d("1999-02-10"), invoiced_percent=Decimal("45"))

    page = login(auditor_user)
    page.goto(f"{live_server.url}/purchases/price-check/")
    row = page.get_by_role("row").filter(has_text="PO-7")
    assert "750.00" in row.locator("[data-credit]").inner_text()
    assert "made due by Amendment 2 §5(B) (effective 1998-12-22)" in row.inner_text()
    assert "as agreed on 1998-09-01" in row.inner_text()

    page.get_by_role("link", name="Credits due from retroactive amendments").click()
    page.wait_for_url("**/purchases/credits/")
    assert page.locator("[data-total]").inner_text() == "750.00"
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export CSV").click()
    download = download_info.value
    assert download.suggested_filename == "credit_claim.csv"
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    assert "INV-98-0901" in text
    assert "Amendment 2 §5(B) (effective 1998-12-22)" in text and "750.00" in text
