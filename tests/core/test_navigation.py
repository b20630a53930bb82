"""Where the user is: breadcrumbs derived for every page and the current navigation link marked."""

import re

import pytest

from core.templatetags.navigation import section_for

NAV = ["/contracts/", "/contracts/entities/lookup/", "/contracts/entities/", "/history/", "/history/tokens/", "/"]


@pytest.mark.parametrize(
    ("path", "section"),
    [
        ("/contracts/", "/contracts/"),
        ("/contracts/7/compare/", "/contracts/"),
        ("/contracts/entities/lookup/", "/contracts/entities/lookup/"),
        ("/contracts/entities/12/", "/contracts/entities/"),
        ("/history/tokens/", "/history/tokens/"),
        ("/history/contracts/agreement/1/", "/history/"),
        ("/", "/"),
        ("/pricing/quote/", None),  # the home link contains nothing but the home page
    ],
)
def test_the_deepest_link_containing_the_path_is_its_section(path, section):
    assert section_for(path, NAV) == section


def _breadcrumbs(html):
    trail = re.search(r'<nav class="breadcrumbs" aria-label="Breadcrumb"><ol>(.*?)</ol></nav>', html, re.S)
    assert trail, "no breadcrumbs"
    return [
        (href, re.sub(r"<[^>]+>", "", text).strip())
        for href, text in re.findall(r'<li>(?:<a href="([^"]*)">)?(.*?)</li>', trail.group(1))
    ]


def _current_links(html):
    return re.findall(r'<a href="([^"]*)" aria-current="(page|true)">', html)


@pytest.mark.django_db
def test_agreement_page_trail_and_current_section(seed, client_as):
    html = client_as("buyer").get(seed.get_absolute_url()).content.decode()
    assert _breadcrumbs(html) == [("/", "Home"), ("/contracts/", "Agreements"), ("", seed.contract_number)]
    assert _current_links(html) == [("/contracts/", "true")]


@pytest.mark.django_db
def test_a_page_under_an_agreement_links_back_to_it(seed, client_as):
    amendment = seed.amendments.order_by("number").last()
    html = client_as("auditor").get(amendment.get_absolute_url()).content.decode()
    assert _breadcrumbs(html)[:3] == [
        ("/", "Home"),
        ("/contracts/", "Agreements"),
        (seed.get_absolute_url(), str(seed)),
    ]
    assert _breadcrumbs(html)[-1] == ("", str(amendment))


@pytest.mark.django_db
def test_a_navigation_page_is_marked_as_the_current_page(client_as):
    html = client_as("auditor").get("/history/tokens/").content.decode()
    assert _current_links(html) == [("/history/tokens/", "page")]  # not also its parent /history/
    assert _breadcrumbs(html) == [("/", "Home"), ("", "API tokens")]
    assert '<span aria-current="page">API tokens</span>' in html


@pytest.mark.django_db
def test_home_has_no_trail_but_a_skip_link_to_the_content(client_as):
    html = client_as("buyer").get("/").content.decode()
    assert 'class="breadcrumbs"' not in html
    assert '<a class="skip-link" href="#content">Skip to content</a>' in html
    assert '<main id="content"' in html
    assert 'aria-controls="site-nav"' in html and 'id="site-nav"' in html


@pytest.mark.django_db
def test_signed_out_pages_have_no_navigation_or_trail(client):
    html = client.get("/accounts/login/").content.decode()
    assert 'class="breadcrumbs"' not in html and 'aria-label="Main"' not in html
    assert '<main id="content"' in html
