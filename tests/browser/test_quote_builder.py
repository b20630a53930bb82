"""The quote builder in Chromium: lines added and removed in place, suggestions with schedule and
component, product-specific inputs, price, save, reopen, and the printout."""

import re

import pytest

from pricing.models import SavedQuote

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def photograph_and_check(page, stem, screenshot_dir, axe):
    """Screenshots at 1366 px and 390 px (var/screenshots/), no sideways scroll on a phone, no serious
    or critical WCAG 2.2 AA violation."""
    page.set_viewport_size(DESKTOP)
    page.screenshot(path=str(screenshot_dir / f"{stem}-1366.png"), full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(screenshot_dir / f"{stem}-390.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    found = axe(page)
    assert not found, found
    page.set_viewport_size(DESKTOP)


def test_buyer_builds_saves_reopens_and_prints_a_quote(seed, buyer_user, login, live_server, screenshot_dir, axe):
    page = login(buyer_user)
    page.goto(f"{live_server.url}/pricing/quote/")
    page.get_by_label("Agreement").fill("LNM970313MP")
    page.get_by_label("Order date").fill("2000-03-01")
    page.get_by_label("Order date").press("Tab")
    # The buyers offered are the agreement's Customers on the date, never the Seller.
    page.locator("datalist#quote-buyers option[value='kmc-telecom-iii']").wait_for(state="attached")
    assert page.locator("datalist#quote-buyers option[value='lucent']").count() == 0
    page.get_by_label("Buying entity").fill("kmc-telecom-iii")

    product = page.locator('[name="form-0-product"]')
    product.fill("PSAS")
    suggestion = page.locator("datalist#id_form-0-product-suggestions option").first
    suggestion.wait_for(state="attached")
    assert "A-1.22" in suggestion.get_attribute("label")
    page.locator('[name="form-0-list_price"]').fill("100.00")
    # PSAS needs no 5ESS or 7R/E inputs: they stay folded under "More inputs".
    assert not page.locator('[name="form-0-stsx1_cards_added"]').is_visible()

    url_before = page.url
    page.get_by_role("button", name="Add a line").click()
    page.get_by_role("button", name="Add a line").click()
    assert page.url == url_before  # added in place
    assert page.locator('input[name="form-TOTAL_FORMS"]').input_value() == "3"
    page.locator('[name="form-1-product"]').fill("5ESS Switch")
    page.locator('[name="form-1-product"]').press("Tab")
    page.locator('[name="form-1-stsx1_cards_added"]').wait_for(state="visible")
    assert not page.locator('[name="form-1-quoted_unit_price"]').is_visible()
    page.locator('[name="form-1-condition"]').select_option("initial_switch")
    page.locator('[name="form-1-list_price"]').fill("200.00")
    page.locator('[name="form-2-product"]').fill("DDM PLUS")
    page.get_by_role("group", name="Line 3").get_by_role("button", name="Remove this line").click()
    assert not page.get_by_role("group", name="Line 3").is_visible()

    page.get_by_role("button", name="Price", exact=True).click()
    page.wait_for_url("**form-0-product=PSAS**")
    result = page.locator("#quote-result")
    text = result.inner_text()
    assert "DDM PLUS" not in text  # the removed line
    assert not page.locator('[name="form-2-product"]').is_visible()  # and it stays removed on the page
    assert page.locator("#total-net").inner_text() == "94.00"  # 100 at 40% + 200 at 83%
    assert "Discount applies" in text and "NOTAPPLICABLE" not in text
    photograph_and_check(page, "quote-priced", screenshot_dir, axe)

    page.get_by_label("Title").fill("Switch and access server")
    page.get_by_role("button", name="Save this quote").click()
    page.wait_for_url(re.compile(r".*/pricing/quotes/\d+/$"))
    assert "Same answer as when it was saved" in page.content()
    quote = SavedQuote.objects.get()
    assert quote.owner == buyer_user and quote.lines.count() == 2
    photograph_and_check(page, "quote-saved", screenshot_dir, axe)

    page.get_by_role("link", name="Open in the quote builder").click()
    page.wait_for_url("**saved=**")
    assert page.locator("#total-net").inner_text() == "94.00"
    assert page.get_by_role("button", name="Save again").is_visible()

    page.emulate_media(media="print")
    assert not page.locator("#quote-form").is_visible()
    printed = page.locator("#quote-result").inner_text()
    assert "LNM970313MP" in printed and "2000-03-01" in printed
    assert f"Prepared by {buyer_user.username}" in printed
    assert "Clauses cited" in printed and "Amendment 3 §4" in printed
