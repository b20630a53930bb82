"""An admin corrects a discount; an auditor finds the change and the value before it."""

import re

import pytest
from django.utils import timezone

from pricing.models import DiscountLine

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_auditor_traces_a_discount_edit(seed, admin_user, auditor_user, login, live_server):
    line = DiscountLine.objects.get(product_as_written="DDM PLUS")
    before_edit = timezone.now()

    page = login(admin_user)
    page.goto(f"{live_server.url}/admin/pricing/discountline/{line.pk}/change/")
    page.locator("#id_percent").fill("28")
    page.locator("#id_change_reason").fill("Correction requested by finance")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(re.compile(r".*/admin/pricing/discountline/(\?.*)?$"))

    page = login(auditor_user)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Audit log").click()
    page.get_by_label("Record type").select_option("pricing.discountline")
    page.get_by_role("button", name="Filter").click()
    row = page.locator("#audit-log tbody tr").first
    assert "Correction requested by finance" in row.inner_text()
    assert admin_user.username in row.inner_text()
    assert re.search(r"percent: 27(\.00)? → 28(\.00)?", row.inner_text())

    page.goto(f"{live_server.url}/contracts/{seed.pk}/recorded/")
    page.get_by_label("Recorded at").fill(before_edit.strftime("%Y-%m-%dT%H:%M:%S"))
    page.get_by_label("On", exact=True).fill("1999-01-01")
    page.get_by_role("button", name="Show").click()
    diff_row = page.locator("table.diff tr", has_text="Discount: DDM PLUS")
    assert "27%" in diff_row.inner_text() and "28%" in diff_row.inner_text()
