"""A contract admin enters the fifth amendment in the app's pages, previews it and executes it; a buyer
and an auditor then see its answers. The journey's actions are counted (README: Drafting amendments)."""

import re

import pytest

from drafts.forms import line_label
from tests.drafts.conftest import MINIMAL_PDF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Entering the same amendment through the Django admin took about 57 actions (45 field entries and a
# dozen page changes, issue 10); the app's pages must need at most a third of that.
ADMIN_ACTIONS_BEFORE = 57


class Counted:
    """The page's fills, selections, checks, uploads and clicks, counted as the user's actions."""

    def __init__(self, page):
        self.page = page
        self.actions = 0

    def __call__(self, locator, action, *args, **kwargs):
        self.actions += 1
        return getattr(locator, action)(*args, **kwargs)


def test_contract_admin_enters_the_fifth_amendment(
    fifth, media, admin_user, buyer_user, auditor_user, login, live_server
):
    agreement, line, release = fifth["agreement"], fifth["line"], fifth["release"]
    page = login(admin_user)
    act = Counted(page)
    page.goto(f"{live_server.url}{agreement.get_absolute_url()}")

    act(page.get_by_role("link", name="New amendment"), "click")
    act(page.get_by_label("Effective date"), "fill", "2000-06-01")
    act(page.get_by_role("button", name="Start the draft"), "click")
    page.wait_for_url(re.compile(r".*/drafts/\d+/$"))

    act(page.get_by_label("Term expires on"), "fill", "2005-03-05")
    customers = page.locator("section#customers fieldset.part").first
    act(customers.get_by_label("Entity"), "fill", "KMC Telecom V, Inc.")
    discounts = page.locator("section#discounts fieldset.part").first
    act(discounts.get_by_label("Change"), "select_option", "replace")
    act(discounts.get_by_label("Line replaced or ended"), "select_option", label=line_label(line))
    act(discounts.get_by_label("Discount %"), "fill", "48")
    act(discounts.get_by_label("Valid from"), "fill", "2000-03-01")
    releases = page.locator("section#releases fieldset.part").first
    act(releases.get_by_label("Release revised"), "select_option", str(release.pk))
    act(releases.get_by_label("GA as written"), "fill", "3Q00")
    act(page.get_by_role("button", name="Save the draft"), "click")

    preview = page.locator("#preview")
    preview.wait_for()
    text = preview.inner_text()
    assert "45% — Amendment 2" in text and "48% — Amendment 5" in text
    assert "Retroactive:" in text and "2000-03-01" in text
    assert "KMC Telecom V, Inc." in text

    execute = page.locator("form[action$='/execute/']")
    act(
        execute.get_by_label("Signed document (PDF)"),
        "set_input_files",
        {"name": "amendment-5.pdf", "mimeType": "application/pdf", "buffer": MINIMAL_PDF},
    )
    act(execute.get_by_label("Signed on"), "fill", "2000-05-30")
    act(execute.get_by_label("I confirm the retroactive dates"), "check")
    act(execute.get_by_label("Why"), "fill", "Signed by both parties")
    act(execute.get_by_role("button", name="Execute the amendment"), "click")
    page.wait_for_url(re.compile(r".*/contracts/amendments/\d+/$"))
    assert "Amendment 5 executed" in page.content()
    assert act.actions <= ADMIN_ACTIONS_BEFORE // 3, act.actions

    page = login(buyer_user)
    page.goto(f"{live_server.url}/pricing/discounts/?q=DDM-2000+OC-3&on=2000-04-01")
    assert "48%" in page.locator("main").inner_text()
    page.goto(f"{live_server.url}/pricing/discounts/?q=DDM-2000+OC-3&on=2000-04-01&as_agreed=2000-05-31")
    assert "45%" in page.locator("main").inner_text() and "48%" not in page.locator("main").inner_text()
    page.goto(f"{live_server.url}/pricing/discounts/?q=DDM-2000+OC-3&on=2000-02-01")
    assert "45%" in page.locator("main").inner_text()

    page = login(auditor_user)
    page.goto(f"{live_server.url}/history/")
    assert "Signed by both parties" in page.locator("main").inner_text()
    page.goto(
        f"{live_server.url}/contracts/{agreement.pk}/compare/?left-on=2000-06-01&left-as_agreed=2000-05-31"
        "&right-on=2000-06-01&right-as_agreed=2000-06-01"
    )
    diff = page.locator("table.diff").inner_text()
    assert "KMC Telecom V, Inc." in diff and "2005-03-05" in diff
