"""The agreement page: a table of contents, sections numbered as the documents number them, no loader keys."""

import re

import pytest
from django.urls import reverse

from contracts.models import Provision
from contracts.views import readable_note


@pytest.fixture
def agreement_page(client_as, seed):
    return client_as("buyer").get(reverse("contracts:agreement_detail", args=[seed.pk]), {"on": "2000-06-01"})


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_table_of_contents_links_to_each_section(agreement_page):
    html = agreement_page.content.decode()
    toc = re.search(r'<nav class="toc" id="toc" aria-label="On this page">(.*?)</nav>', html, re.S).group(1)
    targets = re.findall(r'href="#([\w-]+)"', toc)
    for section in [
        "parties",
        "term",
        "customers-section",
        "provisions",
        "discount-schedules",
        "releases",
        "agreement-documents",
    ]:
        assert section in targets
    assert {"provisions-amendment-2", "provisions-amendment-3", "provisions-amendment-4"} <= set(targets)
    for target in targets:
        assert html.count(f'id="{target}"') == 1, target


def test_provisions_are_grouped_by_amendment_and_numbered_as_written(agreement_page):
    html = agreement_page.content.decode()
    assert "Amendment 2 ENTIRE AGREEMENT" not in _text(html)
    amendment_two = _text(html[html.index('<section id="provisions">') :])
    amendment_two = amendment_two[amendment_two.index("Amendment 2") : amendment_two.index("Amendment 3 (")]
    assert "Section 7 ENTIRE AGREEMENT of the amendment that added it" in amendment_two
    assert "Section 1.2 TERM OF GENERAL AGREEMENT of the General Agreement" in amendment_two
    assert "A-1.2 DEFINITIONS of Appendix A" in amendment_two
    assert "SCOPE OF GENERAL AGREEMENT of the General Agreement, section not numbered in the documents" in amendment_two


def test_no_loader_keys_are_shown(agreement_page):
    html = agreement_page.content.decode()
    assert "discount_tables" not in html and "warranty_terms" not in html
    assert not re.search(r"\bkey am\d", html)
    assert "The discount table is in the discount schedules" in html


def test_discount_schedules_and_releases_link_to_their_pages(agreement_page, seed):
    html = agreement_page.content.decode()
    section = html[html.index('id="discount-schedules"') : html.index('id="releases"')]
    assert (
        "A-1.15" in section
        and f"{reverse('pricing:discount_list')}?agreement=LNM970313MP&amp;schedule=A-1.15" in section
    )
    releases = html[html.index('id="releases"') :]
    assert f"{reverse('releases:release_list')}?agreement=LNM970313MP" in releases


def test_bad_date_shows_no_table_of_contents(client_as, seed):
    response = client_as("buyer").get(reverse("contracts:agreement_detail", args=[seed.pk]), {"on": "2/30/99"})
    html = response.content.decode()
    assert 'id="toc"' not in html and "Enter a valid date" in html


@pytest.mark.parametrize(
    ("part", "section", "number"),
    [
        (Provision.Part.AMENDMENT, "2", "Section 2"),
        (Provision.Part.GENERAL_AGREEMENT, "1.2", "Section 1.2"),
        (Provision.Part.APPENDIX_A, "A-1.15", "A-1.15"),
        (Provision.Part.GENERAL_AGREEMENT, "", ""),
    ],
)
def test_section_number(part, section, number):
    assert Provision(part=part, section=section).number == number


@pytest.mark.parametrize(
    ("note", "shown"),
    [
        ("Table in discount_tables (key am3-a1-25-optical-networking).", "Table in the discount schedules."),
        ("rows (discount_tables key am3-a1-15-access-products).", "rows (see the discount schedules)."),
        (
            "savings (see discount_tables key am3-a1-26-7re-packet-solutions and warranty_terms).",
            "savings (see the discount schedules and warranty terms).",
        ),
        ("is in rules and in provision am3-s4-a1-7-5ess.", "is in rules and in the provision."),
        (None, ""),
    ],
)
def test_readable_note(note, shown):
    assert readable_note(note) == shown
