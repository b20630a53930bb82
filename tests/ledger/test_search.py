"""The search box (`ledger.search`): the issue's examples, grouping, scope by role, bad input, bounded queries.

Every test runs on the database the suite runs on: SQLite (FTS5) or PostgreSQL (full text, pg_trgm).
"""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contracts.models import EntityName
from ledger.portfolio import generate_portfolio
from ledger.search import GROUP_LIMIT, MAX_QUERY_LENGTH, PAGE_SIZE
from pricing.choices import Condition
from pricing.models import DiscountLine
from tests.conftest import make_user, refresh_planner_statistics

URL = reverse("ledger:search")


def groups(client, text, **params):
    response = client.get(URL, {"q": text, **params})
    assert response.status_code == 200
    return {group.kind: group for group in response.context.get("groups", [])}


def titles(group):
    return [hit.title for hit in group.hits]


@pytest.mark.parametrize("spelling", ["oc12", "OC-12", "OC 12", "oc-12", "Oc12"])
def test_order_codes_are_found_however_spaced(seed, client_as, spelling):
    client = client_as("buyer")
    found = groups(client, spelling)
    assert titles(found["products"])[0] == "DDM-2000 OC-12"
    assert titles(found["products"]) == titles(groups(client, "OC 12")["products"])
    assert titles(found["releases"]) == titles(groups(client, "oc12")["releases"])


def test_5ess_large_growth_finds_the_growth_lines_and_names_the_condition(seed, client_as):
    found = groups(client_as("buyer"), "5ESS large growth")
    lines = found["lines"]
    expected = DiscountLine.objects.filter(
        product__normalized_name__startswith="5ess", condition=Condition.LARGE_GROWTH
    ).count()
    assert expected > 0
    assert lines.total == expected
    assert all(hit.title.startswith("5ESS") for hit in lines.hits)
    assert {hit.matched for hit in lines.hits} == {"Condition: Large growth"}
    assert "discounts/?q=5ESS+large+growth" in lines.elsewhere_url
    # Word order and an extra word change nothing.
    reordered = groups(client_as("buyer"), "growth large 5ESS switches please")["lines"]
    assert reordered.total == expected


def test_an_entity_is_found_by_a_former_name_and_says_so(seed, client_as):
    former = EntityName.objects.filter(kind=EntityName.Kind.FORMER).select_related("entity").first()
    assert former is not None
    hits = groups(client_as("buyer"), former.name)["entities"].hits
    match = next(hit for hit in hits if hit.title == former.entity.name)
    assert match.matched == f"Former name: {former.name}"
    assert match.url == former.entity.get_absolute_url()


def test_an_entity_is_found_by_a_defined_term(seed, client_as):
    hits = groups(client_as("auditor"), "KMC III")["entities"].hits
    assert "KMC Telecom III, Inc." in [hit.title for hit in hits]


def test_a_provision_is_found_by_a_phrase_from_its_text(seed, client_as):
    provisions = groups(client_as("buyer"), "tuition-free seats")["provisions"]
    assert provisions.hits[0].title == "A-1.24 TRAINING INCENTIVE (Appendix A)"
    assert "tuition-free" in provisions.hits[0].excerpt
    # Stemmed, in any order.
    assert groups(client_as("buyer"), "seat tuition free")["provisions"].hits[0].title.startswith("A-1.24 TRAINING")


def test_a_release_is_found_by_its_name(seed, client_as):
    releases = groups(client_as("buyer"), "UPSR ring termination")["releases"]
    assert releases.hits[0].title == "R. 3.0 w/UPSR Ring Termination"
    assert releases.hits[0].url.startswith("/releases/")


def test_amendments_and_agreements_are_found(seed, client_as):
    found = groups(client_as("buyer"), "LNM970313MP/3")
    assert titles(found["amendments"])[0] == "Amendment 3"
    assert titles(found["agreements"]) == ["LNM970313MP General Agreement"]


def test_groups_are_capped_and_more_pages_within_the_kind(seed, client_as):
    client = client_as("buyer")
    releases = groups(client, "R.")["releases"]
    assert releases.total > PAGE_SIZE
    assert len(releases.hits) == GROUP_LIMIT
    assert "kind=releases" in releases.more_url
    response = client.get(URL, {"q": "R.", "kind": "releases", "page": 2})
    (only,) = response.context["groups"]
    assert only.kind == "releases" and len(only.hits) == PAGE_SIZE
    assert response.context["page"].number == 2
    assert "Page 2 of" in response.content.decode()


def test_the_page_renders_grouped_results_with_links(seed, client_as):
    page = client_as("buyer").get(URL, {"q": "5ESS large growth"}).content.decode()
    assert 'id="search-lines"' in page and 'id="search-products"' in page
    assert "matched Condition: Large growth" in page
    assert 'role="search"' in page  # the navigation's box


def test_an_empty_query_explains_the_page(seed, client_as):
    for params in ({}, {"q": "   "}):
        response = client_as("buyer").get(URL, params)
        assert response.status_code == 200
        assert 'id="search-explained"' in response.content.decode()
        assert "groups" not in response.context


def test_an_overly_long_query_is_a_field_error(seed, client_as):
    response = client_as("buyer").get(URL, {"q": "x" * (MAX_QUERY_LENGTH + 1)})
    assert response.status_code == 200
    assert "q" in response.context["form"].errors
    assert "groups" not in response.context


def test_an_unknown_kind_is_a_field_error(seed, client_as):
    response = client_as("buyer").get(URL, {"q": "5ess", "kind": "passwords"})
    assert "kind" in response.context["form"].errors


@pytest.mark.parametrize(
    "text",
    [
        '"',
        '"oc12',
        "*",
        "5ess*",
        "NEAR(5ess growth)",
        "NEAR",
        "(",
        ")",
        "a AND",
        "OR",
        "NOT x",
        "-",
        "^5ess",
        ":",
        "'",
        "col:5ess",
        "%",
        "_",
        "\\",
        "{x}",
        "\u2122",
        "🙂",
        "5ess\x00",
    ],
)
def test_search_syntax_is_never_an_error(seed, client_as, text):
    response = client_as("buyer").get(URL, {"q": text})
    assert response.status_code == 200


def test_nothing_found_says_so(seed, client_as):
    page = client_as("buyer").get(URL, {"q": "zzqqxx"}).content.decode()
    assert 'id="search-nothing"' in page


def test_each_kind_needs_its_view_permission(seed, client, django_user_model):
    user = make_user(django_user_model, "reader")
    user.user_permissions.add(Permission.objects.get(codename="view_agreement", content_type__app_label="contracts"))
    client.force_login(user)
    found = groups(client, "LNM970313MP")
    assert set(found) == {"agreements"}
    response = client.get(URL, {"q": "LNM970313MP", "kind": "amendments"})
    assert response.context["groups"] == []


def test_a_user_without_any_view_permission_is_refused(seed, client, django_user_model):
    client.force_login(make_user(django_user_model, "nobody"))
    assert client.get(URL, {"q": "5ess"}).status_code == 403


def test_login_is_required(client):
    response = client.get(URL, {"q": "5ess"})
    assert response.status_code == 302


def test_the_same_queries_with_one_agreement_and_many(seed, client_as):
    client = client_as("auditor")
    text = "5ESS large growth OC-12 KMC III tuition free"

    def count():
        with CaptureQueriesContext(connection) as queries:
            found = groups(client, text)
        return len(queries), {kind: len(group.hits) for kind, group in found.items()}

    groups(client, "warm up")  # a first request may fill the shared layers' per-process caches
    small, small_hits = count()
    generate_portfolio(agreements=3, seed=4242, progress=None)
    refresh_planner_statistics()
    large, large_hits = count()
    assert large == small
    assert set(large_hits) == set(small_hits)
