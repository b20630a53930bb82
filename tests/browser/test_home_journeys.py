"""Each role starts at the home page and reaches every item it lists; screenshots at 1366 and 390 px.

The screenshots are test artifacts, written to var/screenshots/home/ (home-<role>-<width>.png; var/
is not in git): the README shows them.
"""

import re
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings

from drafts.models import AmendmentDraft
from releases.models import ForecastRevision, Release

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots" / "home"
ON = "2000-10-01"


@pytest.fixture
def attention(seed, admin_user):
    """On 2000-10-01 the seed has releases overdue; add a slip, a remedy required and an open draft."""
    slipped = Release.objects.get(group__product_line__name="WAVESTAR TDM 10G 2-FIBER", name_as_written="R. 2.0")
    slipped.need_by_date = date(2000, 9, 15)  # GA "9/00": not there by the need-by date, no remedy yet
    slipped.save()
    ForecastRevision.objects.create(
        release=slipped, forecast_as_written="12/00", recorded_on=date(2000, 8, 1), reason="Seller moved GA"
    )
    AmendmentDraft.objects.create(agreement=seed, number=5, effective_date=date(2000, 11, 1), author=admin_user)
    return seed


def _shoot(page, role):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SCREENSHOTS / f"home-{role}-{width}.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scroll
    page.set_viewport_size({"width": 1366, "height": 900})


@pytest.mark.parametrize(
    ("role", "expected", "absent"),
    [
        (
            "admin",
            {"term_end", "releases_overdue", "releases_slipped", "releases_remedy_required", "drafts_awaiting"},
            set(),
        ),
        ("buyer", {"term_end", "releases_overdue", "releases_slipped"}, {"drafts_awaiting", "recent_changes"}),
        ("auditor", {"term_end", "releases_overdue", "drafts_awaiting", "recent_changes"}, set()),
    ],
)
def test_each_role_reaches_every_listed_item_from_home(role, expected, absent, attention, users, login, live_server):
    page = login(users[role])  # the login lands on the home page
    page.get_by_label("On", exact=True).fill(ON)
    page.get_by_role("button", name="Show").click()
    # The form also sends its (empty) Agreement field.
    page.wait_for_url(re.compile(rf"/\?(.*&)?on={ON}(&|$)"))
    home = page.url
    _shoot(page, role)

    kinds = set(page.locator("section.attention").evaluate_all("nodes => nodes.map(n => n.dataset.kind)"))
    assert expected <= kinds and not (absent & kinds)
    counts = page.locator("section.attention h3 .count").evaluate_all("nodes => nodes.map(n => n.dataset.count)")
    assert all(int(count) >= 0 for count in counts)

    links = page.locator("section.attention table a").evaluate_all(
        "nodes => nodes.map(n => [n.closest('section').dataset.kind, n.textContent.trim(), n.getAttribute('href')])"
    )
    reached = []
    for kind, title, href in links:
        page.locator(f'#attention-{kind} table a[href="{href}"]').first.click()
        page.wait_for_load_state()
        assert page.url.endswith(href), (kind, title)
        assert page.locator("h1").first.is_visible()
        assert "Server Error" not in page.content() and "Not Found" not in page.title()
        reached.append(kind)
        page.goto(home)
    assert set(reached) >= expected


def test_a_buyer_chooses_their_reminders_from_home(buyer_user, login, live_server):
    page = login(buyer_user)
    page.get_by_role("link", name="Your reminders").click()
    page.wait_for_url("**/accounts/profile/")
    page.get_by_label("Days ahead").fill("400")
    page.get_by_role("button", name="Save").click()
    assert (
        page.locator("#id_days_ahead_error").inner_text()
        == "Days ahead: Ensure this value is less than or equal to 365."
    )
    assert page.get_by_label("Days ahead").input_value() == "400"  # kept as typed
    page.get_by_label("Days ahead").fill("30")
    page.get_by_label("Releases slipped").uncheck()
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/accounts/profile/")
    assert page.get_by_text("Your reminder settings are saved.").is_visible()
    assert page.get_by_label("Days ahead").input_value() == "30"
    assert not page.get_by_label("Releases slipped").is_checked() and page.get_by_label("Releases overdue").is_checked()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 390, "height": 900})
    page.screenshot(path=str(SCREENSHOTS / "profile-buyer-390.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
