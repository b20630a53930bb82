import re

import pytest

from contracts.models import LegalEntity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_buyer_searches_opens_product_and_prices_two_line_quote(seed, buyer_user, login, live_server):
    page = login(buyer_user)
    page.get_by_role("link", name="Discounts").first.click()
    page.get_by_label("Product", exact=True).fill("PSAS")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**q=PSAS**")
    page.get_by_role("link", name="PathStar(TM) Access Server").first.click()
    assert page.get_by_role("heading", name=re.compile("PathStar")).first.is_visible()
    assert page.locator("figure.timeline rect").count() == 1

    page.get_by_role("link", name="Price a quote").click()
    entity = LegalEntity.objects.get(slug="kmc-telecom-iii")
    page.get_by_label("Agreement").fill("LNM970313MP")
    page.get_by_label("Order date").fill("2000-03-01")
    buyer_box = page.get_by_label("Buying entity")
    buyer_box.fill("Telecom III")  # the agreement's Customers on the date are suggested (static/js/quote.js)
    page.locator(f"datalist#quote-buyers option[value='{entity.slug}']").wait_for(state="attached")
    buyer_box.fill(entity.slug)  # what picking the suggestion puts in the box
    page.locator('[name="form-0-product"]').fill("PSAS")
    page.locator('[name="form-0-list_price"]').fill("1000.00")
    page.locator('[name="form-0-quantity"]').fill("2")
    page.get_by_role("button", name="Add a line").click()
    page.locator('[name="form-1-product"]').fill("5ESS Switch")
    page.locator('[name="form-1-product"]').press("Tab")  # on change, the line shows the 5ESS inputs
    page.locator('[name="form-1-condition"]').select_option("growth")
    page.locator('[name="form-1-stsx1_cards_added"]').fill("6")
    page.locator('[name="form-1-list_price"]').fill("10.05")
    page.get_by_role("button", name="Price", exact=True).click()
    page.wait_for_url("**form-0-product=PSAS**")

    result = page.locator("#quote-result")
    assert "1200.00" in result.inner_text()  # 2 x 1000 at 40% (A-1.22)
    assert "7.54" in result.inner_text()  # 10.05 at 25% peripheral growth: 7.5375 rounds half up
    assert page.locator("#total-net").inner_text() == "1207.54"
    assert "Peripheral Growth" in result.inner_text()
