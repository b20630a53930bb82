"""An admin records a slip past the need-by date, sees it on the board, and records remedy (a)."""

import pytest

from releases.models import Release, Remedy

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_records_a_slip_sees_the_impact_and_records_remedy_a(seed, admin_user, login, live_server):
    release = Release.objects.get(
        group__product_line__name="WAVESTAR TDM 10G 2-FIBER", name_as_written="R. 2.0"
    )  # GA "9/00": committed by 2000-09-30
    page = login(admin_user)
    page.goto(f"{live_server.url}{release.get_absolute_url()}")

    page.get_by_role("link", name="Record actual / need-by dates").click()
    page.get_by_label("Customer needs it by").fill("2000-10-15")
    page.get_by_label("Why").fill("Customer deployment plan for Q4 2000")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**{release.get_absolute_url()}")

    page.get_by_role("link", name="Record a forecast revision").click()
    page.get_by_label("Milestone").select_option("ga")
    page.get_by_label("Forecast as written").fill("12/00")
    page.get_by_label("Known since").fill("2000-08-01")
    page.get_by_label("Reason").fill("Seller moved GA to December")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**{release.get_absolute_url()}")
    assert page.get_by_text("Forecast revision recorded.").is_visible()

    page.get_by_role("link", name="Release board").first.click()
    page.get_by_label("Flag").select_option("impacts_deployment")
    page.get_by_label("On", exact=True).fill("2000-08-15")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**flag=impacts_deployment**")
    row = page.locator(f'#release-board tr[data-release="{release.pk}"]')
    assert row.locator(".flag-impacts-deployment").inner_text() == "impacts deployment"
    assert row.locator(".flag-remedy-required").inner_text() == "remedy required"
    assert row.locator(".flag-slipped").is_visible()
    assert page.locator("#release-board tbody tr").count() == 1

    row.get_by_role("link", name="R. 2.0").click()
    page.get_by_role("link", name="Record a remedy").click()
    page.get_by_label("(a) acceptable substitute, changed out when available").check()
    page.get_by_label("Agreed on").fill("2000-08-20")
    page.get_by_label("Substitute", exact=True).fill("WaveStar TDM 10G R. 1.0 shelf on loan")
    page.get_by_label("Substitute provided on").fill("2000-09-01")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**{release.get_absolute_url()}")
    assert page.locator("#remedies").get_by_text("(a) acceptable substitute").is_visible()

    remedy = Remedy.objects.get(release=release)
    assert (remedy.option, str(remedy.substitute_provided_on)) == ("a", "2000-09-01")
    page.goto(f"{live_server.url}/releases/?on=2000-09-15&flag=impacts_deployment")
    row = page.locator(f'#release-board tr[data-release="{release.pk}"]')
    assert row.locator(".flag-remedy-recorded").is_visible()
    assert row.locator(".flag-remedy-required").count() == 0
