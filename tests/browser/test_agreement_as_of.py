import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_contract_admin_opens_agreement_as_of_a_date(seed, admin_user, login, live_server):
    page = login(admin_user)
    page.get_by_role("link", name="Agreements").first.click()
    page.get_by_role("link", name="LNM970313MP").click()
    page.get_by_label("On", exact=True).fill("1999-01-15")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**on=1999-01-15**")
    assert page.get_by_text("on 1999-01-15").first.is_visible()
    customers = page.locator("#customers")
    # Amendment 2 (1998-12-22) added KMC Telecom III; Amendment 3 (1999-11-15) had not yet added IV.
    assert customers.locator("tr", has_text="KMC Telecom III, Inc.").locator(".badge").inner_text().lower() == "yes"
    assert customers.locator("tr", has_text="KMC Telecom IV, Inc.").locator(".badge").inner_text().lower() == "no"
