"""An auditor picks an agreement on the audit log; the amendment box then suggests only its amendments."""

import re

import pytest

from tests.factories import AgreementFactory, AmendmentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_amendment_suggestions_follow_the_agreement_chosen(seed, auditor_user, login, live_server):
    AmendmentFactory(agreement=AgreementFactory(contract_number="OTHER-1"), number=3)

    tab = login(auditor_user)
    tab.goto(f"{live_server.url}/history/")
    tab.locator("#id_agreement").fill("LNM970313MP")
    amendment = tab.locator("#id_amendment")
    amendment.press_sequentially("3")
    options = tab.locator("#id_amendment-suggestions option")
    options.first.wait_for(state="attached")
    assert options.evaluate_all("items => items.map(o => o.value)") == ["LNM970313MP/3"]
    assert "Amendment 3" in (options.first.get_attribute("label") or "")

    amendment.fill(options.first.get_attribute("value"))  # what picking the suggestion does
    tab.get_by_role("button", name="Filter").click()
    tab.wait_for_url(re.compile(r".*amendment=LNM970313MP%2F3"))
    assert tab.locator(".errorlist").count() == 0
    assert tab.locator("#audit-log tbody tr").count() > 0

    # Another agreement chosen: its own Amendment 3, and only that.
    tab.locator("#id_agreement").fill("OTHER-1")
    amendment.fill("")
    amendment.press_sequentially("3")
    suggested = "[...document.querySelectorAll('#id_amendment-suggestions option')].map(o => o.value).join()"
    tab.wait_for_function(f"() => {suggested} === 'OTHER-1/3'")
