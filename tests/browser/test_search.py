"""The navigation's search box: type, see the results grouped by kind, follow one."""

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_buyer_searches_from_the_navigation_and_follows_a_result(seed, buyer_user, login, live_server):
    page = login(buyer_user)
    box = page.get_by_role("search").get_by_label("Search")
    box.fill("5ESS large growth")
    box.press("Enter")
    page.wait_for_url("**/search/?q=5ESS+large+growth**")
    lines = page.get_by_role("region", name=re.compile("Discount lines"))
    assert lines.get_by_text("matched Condition: Large growth").first.is_visible()
    assert page.get_by_role("region", name=re.compile("Products")).get_by_role("link", name="5ESS Switch").is_visible()
    # The box keeps what was typed.
    assert box.input_value() == "5ESS large growth"
    page.get_by_role("region", name=re.compile("Products")).get_by_role("link", name="5ESS Switch").click()
    page.wait_for_url(re.compile(r".*/pricing/products/\d+/$"))
    assert page.get_by_role("heading", level=1).inner_text().startswith("5ESS Switch")


def test_an_order_code_however_spaced_and_an_empty_search(seed, auditor_user, login, live_server):
    page = login(auditor_user)
    box = page.get_by_role("search").get_by_label("Search")
    box.fill("oc12")
    page.get_by_role("search").get_by_role("button", name="Search").click()
    page.wait_for_url("**q=oc12**")
    assert (
        page.get_by_role("region", name=re.compile("Products")).get_by_role("link", name="DDM-2000 OC-12").is_visible()
    )
    page.get_by_role("search").get_by_label("Search").fill("")
    page.get_by_role("search").get_by_role("button", name="Search").click()
    assert page.locator("#search-explained").is_visible()
