"""A buyer opens the release board of an agreement whose Term ended in 2003: the board and the timeline
are as of the Term's last day and say so; a bad date is marked and kept; the timeline fits its data."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_board_defaults_to_the_terms_last_day_and_a_bad_date_is_kept(seed, buyer_user, login, live_server):
    page = login(buyer_user)
    page.goto(f"{live_server.url}/releases/")
    note = page.locator("#default-date")
    assert note.inner_text() == ("The Term ended on 2003-03-05; showing the board as of that day. Choose another date.")
    assert "flags computed on 2003-03-05" in page.locator(".asof-used").inner_text()

    note.get_by_role("link", name="Choose another date.").click()
    assert page.url.endswith("#id_on")

    page.goto(f"{live_server.url}/releases/?on=2/30/99")
    box = page.get_by_label("On", exact=True)
    assert box.input_value() == "2/30/99"  # what was typed is still there to correct
    assert box.get_attribute("aria-invalid") == "true"
    assert page.locator(".error", has_text="On: Enter a valid date.").is_visible()
    assert page.locator("#default-date").count() == 0  # nothing assumed in its place

    box.fill("2000-08-15")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**on=2000-08-15**")
    assert "flags computed on 2000-08-15" in page.locator(".asof-used").inner_text()
    assert page.get_by_label("On", exact=True).get_attribute("type") == "date"


def test_timeline_fits_its_data_with_year_labels_apart(seed, buyer_user, login, live_server):
    page = login(buyer_user)
    page.goto(f"{live_server.url}/releases/timeline/")
    assert page.locator("#default-date").is_visible()
    labels = page.locator("svg.timeline .tick-label")
    years = [int(text) for text in labels.all_text_contents()]
    assert years[0] >= 1997 and years[-1] <= 2004, years  # 1998-2003, not stretched to today
    boxes = [labels.nth(i).bounding_box() for i in range(labels.count())]
    for left, right in zip(boxes, boxes[1:], strict=False):
        assert left["x"] + left["width"] < right["x"], "year labels overlap"
    as_of = page.locator("svg.timeline .asof-line")
    assert as_of.count() == 1


def test_timeline_and_product_pictures_pass_axe(seed, buyer_user, login, live_server, axe):
    from pricing.models import Product

    page = login(buyer_user)
    product = Product.objects.filter(discount_lines__isnull=False).order_by("pk").first()
    for path in ("/releases/timeline/", product.get_absolute_url()):
        page.goto(f"{live_server.url}{path}")
        found = axe(page)
        assert not found, (path, [(v["id"], len(v["nodes"])) for v in found])
