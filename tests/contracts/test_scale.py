"""A portfolio, not one contract: contract pages and APIs cost the same with 1 agreement as with 20.

Each agreement of the portfolio has an amendment, a Term, and one Customer whose name contains
"Telecom of Virginia" (so one name matches an entity of every agreement), known also by a defined term.
"""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contracts.compare import compare_snapshots
from contracts.lookup import AGREEMENTS_PER_MATCH, PAGE_SIZE
from contracts.models import Agreement, Amendment, CustomerMembership, EntityName, LegalEntity, TermVersion
from contracts.recorded import recorded_records
from contracts.snapshot import agreement_snapshot
from tests.factories import AmendmentFactory, CustomerMembershipFactory, LegalEntityFactory, TermVersionFactory

pytestmark = pytest.mark.django_db

SHARED_NAME = "Telecom of Virginia"
ON = {"on": "2000-06-01"}
MAX_PAGE_BYTES = 200_000


def grow_portfolio(size):
    """Add agreements (amendment, Term, one Customer "Carrier N Telecom of Virginia, Inc.") up to `size`."""
    while Agreement.objects.count() < size:
        amendment = AmendmentFactory()
        TermVersionFactory(amendment=amendment)
        number = Agreement.objects.count()
        entity = LegalEntityFactory(name=f"Carrier {number} {SHARED_NAME}, Inc.")
        name = EntityName(entity=entity, name=f"Carrier {number}", kind=EntityName.Kind.DEFINED_TERM)
        name.full_clean()
        name.save()
        CustomerMembershipFactory(added_by=amendment, entity=entity)
    return Agreement.objects.order_by("pk").first()


def cost(client, url, params=None):
    """(queries, bytes) of one GET, which must succeed."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200, response.content[:2000]
    return len(queries), len(response.content)


def costs_at_1_and_20(client, url_of):
    """The query counts and sizes of the same question with 1 and with 20 agreements in the database."""
    first = grow_portfolio(1)
    cost(client, *url_of(first))  # once first: per-process caches (content types) fill on the first request
    small = cost(client, *url_of(first))
    grow_portfolio(20)
    large = cost(client, *url_of(first))
    return small, large


@pytest.mark.parametrize(
    "url_of",
    [
        pytest.param(lambda a: (reverse("contracts:agreement_list"), {}), id="agreement list page"),
        pytest.param(lambda a: ("/api/v1/agreements/", {}), id="agreement list API"),
        pytest.param(lambda a: (reverse("contracts:legalentity_list"), {}), id="entity list page"),
        pytest.param(lambda a: (reverse("contracts:legalentity_list"), {"q": "virginia"}), id="entity search page"),
        pytest.param(lambda a: ("/api/v1/entities/", {"q": "virginia"}), id="entity search API"),
        pytest.param(lambda a: ("/api/v1/amendments/", {"agreement": a.contract_number}), id="amendments API"),
        pytest.param(lambda a: (reverse("contracts:agreement_detail", args=[a.pk]), ON), id="agreement as-of page"),
        pytest.param(lambda a: (f"/api/v1/agreements/{a.pk}/as-of/", ON), id="agreement as-of API"),
        pytest.param(
            lambda a: (reverse("contracts:legalentity_detail", args=[a.memberships.get().entity_id]), ON),
            id="entity page",
        ),
    ],
)
def test_lists_and_one_agreement_cost_the_same_with_20_agreements(client_as, url_of):
    (queries_small, _), (queries_large, bytes_large) = costs_at_1_and_20(client_as("buyer"), url_of)
    assert queries_small == queries_large
    assert bytes_large < MAX_PAGE_BYTES


@pytest.mark.parametrize(
    "url",
    [
        pytest.param(reverse("contracts:legalentity_lookup"), id="page"),
        pytest.param("/api/v1/entities/lookup/", id="API"),
    ],
)
def test_entity_lookup_of_a_name_every_agreement_shares_costs_the_same(client_as, url):
    client = client_as("buyer")
    (queries_small, bytes_small), (queries_large, bytes_large) = costs_at_1_and_20(
        client, lambda a: (url, {"name": SHARED_NAME, **ON})
    )
    assert queries_small == queries_large
    grow_portfolio(PAGE_SIZE + 10)
    queries_larger, bytes_larger = cost(client, url, {"name": SHARED_NAME, **ON})
    assert queries_larger == queries_small
    # A page holds PAGE_SIZE matches, whatever the number of agreements.
    assert bytes_larger < bytes_small * (PAGE_SIZE + 2)
    assert bytes_larger < MAX_PAGE_BYTES


def test_lookup_pages_through_the_matches_counted_in_the_database(client_as):
    grow_portfolio(PAGE_SIZE + 5)
    client = client_as("buyer")
    first = client.get("/api/v1/entities/lookup/", {"name": SHARED_NAME, **ON}).json()
    assert first["count"] == PAGE_SIZE + 5
    assert len(first["matches"]) == PAGE_SIZE
    second = client.get(first["next"]).json()
    assert len(second["matches"]) == 5
    seen = [m["entity"]["key"] for m in first["matches"] + second["matches"]]
    assert len(set(seen)) == PAGE_SIZE + 5
    # Each entity is asked about under its own agreement only, not under every agreement.
    assert all(len(m["authorizations"]) == 1 for m in first["matches"])
    assert all(m["authorizations"][0]["standing"] == "yes" for m in first["matches"])

    page = client.get(reverse("contracts:legalentity_lookup"), {"name": SHARED_NAME, **ON, "page": 2}).content.decode()
    assert page.count('class="entity-match"') == 5
    assert f"{PAGE_SIZE + 5} entities" in page
    assert "Page 2 of 2" in page


def test_lookup_under_one_agreement_puts_its_customer_first_and_asks_only_about_it(client_as):
    grow_portfolio(5)
    agreement = Agreement.objects.order_by("pk")[3]
    customer = agreement.memberships.get().entity
    body = (
        client_as("buyer")
        .get("/api/v1/entities/lookup/", {"name": SHARED_NAME, "agreement": agreement.contract_number, **ON})
        .json()
    )
    assert body["agreement"] == agreement.contract_number
    assert body["matches"][0]["entity"]["key"] == customer.slug
    answers = [
        (m["entity"]["key"], a["agreement"], a["standing"]) for m in body["matches"] for a in m["authorizations"]
    ]
    assert answers[0] == (customer.slug, agreement.contract_number, "yes")
    # The other agreements' Customers were never added under this one.
    assert {standing for _, key, standing in answers[1:]} == {"no"}
    assert {key for _, key, _ in answers} == {agreement.contract_number}


def test_lookup_page_takes_the_agreement_by_key_or_title_and_names_a_bad_one(client_as):
    grow_portfolio(2)
    agreement = Agreement.objects.order_by("pk").last()
    client = client_as("buyer")
    url = reverse("contracts:legalentity_lookup")
    page = client.get(url, {"name": SHARED_NAME, "agreement": agreement.contract_number, **ON}).content.decode()
    assert f"authorization under {agreement.contract_number}" in page
    assert "<option" not in page  # a text box with suggestions, never a select of every agreement
    bad = client.get(url, {"name": SHARED_NAME, "agreement": "NO-SUCH-AGREEMENT", **ON})
    assert bad.status_code == 200
    assert "No agreement has the key, id or name" in bad.content.decode()
    assert 'class="entity-match"' not in bad.content.decode()
    api = client.get("/api/v1/entities/lookup/", {"name": SHARED_NAME, "agreement": "NO-SUCH-AGREEMENT"})
    assert api.status_code == 400
    assert "agreement" in api.json()


def test_a_never_added_entity_is_asked_about_only_under_a_named_agreement(client_as):
    grow_portfolio(3)
    LegalEntityFactory(name="Unaffiliated Holdings Inc.")
    agreement = Agreement.objects.order_by("pk").first()
    client = client_as("buyer")
    [match] = client.get("/api/v1/entities/lookup/", {"name": "Unaffiliated Holdings Inc."}).json()["matches"]
    assert match["authorizations"] == []
    params = {"name": "Unaffiliated Holdings Inc.", "agreement": agreement.pk}
    [match] = client.get("/api/v1/entities/lookup/", params).json()["matches"]
    [answer] = match["authorizations"]
    assert (answer["agreement"], answer["standing"]) == (agreement.contract_number, "no")
    assert "never added as a Customer" in answer["reason"]


def test_sqlite_answers_with_more_agreements_than_an_expression_may_name(client_as):
    """1,100 agreements each with a Term: the lookup once loaded every Term's amendment by a 1,100-term OR
    chain, which SQLite refuses ("Expression tree is too large", a 500)."""
    seller = LegalEntity.objects.create(slug="bulk-seller", name="Bulk Seller Inc.")
    agreements = Agreement.objects.bulk_create(
        Agreement(
            title="General Agreement", contract_number=f"BULK-{i}", effective_date=date(1997, 3, 13), seller=seller
        )
        for i in range(1_100)
    )
    amendments = Amendment.objects.bulk_create(
        Amendment(agreement=a, number=1, effective_date=date(1999, 11, 15)) for a in agreements
    )
    TermVersion.objects.bulk_create(
        TermVersion(agreement=a, amendment=m, expiry_date=date(2003, 3, 13))
        for a, m in zip(agreements, amendments, strict=True)
    )
    customer = LegalEntity.objects.create(slug="bulk-customer", name=f"Bulk {SHARED_NAME} Inc.")
    CustomerMembership.objects.bulk_create(
        CustomerMembership(agreement=a, entity=customer, added_by=m, valid_from=m.effective_date)
        for a, m in zip(agreements, amendments, strict=True)
    )
    client = client_as("buyer")
    for name in (SHARED_NAME, "Bulk Seller Inc."):
        for url in (reverse("contracts:legalentity_lookup"), "/api/v1/entities/lookup/"):
            assert client.get(url, {"name": name, **ON}).status_code == 200, (name, url)
    # A Customer under 1,100 agreements is answered for under its first ones; the rest are counted.
    [match] = client.get("/api/v1/entities/lookup/", {"name": SHARED_NAME, **ON}).json()["matches"]
    assert len(match["authorizations"]) == AGREEMENTS_PER_MATCH
    assert match["more_agreements"] == 1_100 - AGREEMENTS_PER_MATCH
    oldest_first = sorted(f"BULK-{i}" for i in range(1_100))  # one effective date: by contract number
    assert [a["agreement"] for a in match["authorizations"]] == oldest_first[:AGREEMENTS_PER_MATCH]
    assert client.get(reverse("contracts:legalentity_detail", args=[seller.pk]), ON).status_code == 200
    assert client.get("/api/v1/amendments/", {"limit": 500}).status_code == 200


def test_as_recorded_reads_only_the_agreement_asked_about(django_assert_max_num_queries):
    first = grow_portfolio(1)
    moment = timezone.now()
    with CaptureQueriesContext(connection) as small:
        records = recorded_records(first.pk, moment)
    grow_portfolio(20)
    with CaptureQueriesContext(connection) as large:
        records = recorded_records(first.pk, timezone.now())
    assert len(small) == len(large)
    assert [m.entity.name for m in records.memberships] == [first.memberships.get().entity.name]
    # Only the agreement's own entities are rebuilt: the seller and its Customer, not the portfolio's.
    sql = " ".join(q["sql"] for q in large.captured_queries if "historicallegalentity" in q["sql"])
    assert sql.count("historicallegalentity") and "IN (" in sql
    then = agreement_snapshot(records.agreement, on=date(2000, 6, 1), records=records)
    now = agreement_snapshot(first, on=date(2000, 6, 1))
    with django_assert_max_num_queries(0):
        diff = compare_snapshots(then, now)
    assert diff.is_empty


def test_names_are_found_by_two_indexed_reads_not_an_or_across_a_join():
    for question in (LegalEntity.objects.named("KMC III"), LegalEntity.objects.search("virginia")):
        sql = str(question.query).upper()
        assert "UNION" in sql
        assert "JOIN" not in sql and " OR " not in sql


def test_entity_suggestions_find_other_names_through_the_index(client_as):
    grow_portfolio(3)
    response = client_as("buyer").get(reverse("autocomplete", args=["entity"]), {"q": "carrier 2"})
    labels = [item["label"] for item in response.json()["results"]]
    assert labels == [f"Carrier 2 {SHARED_NAME}, Inc. ({LegalEntity.objects.get(other_names__name='Carrier 2').slug})"]


def test_entity_list_filters_by_agreement_and_name(client_as):
    grow_portfolio(3)
    agreement = Agreement.objects.order_by("pk")[1]
    customer = agreement.memberships.get().entity
    client = client_as("buyer")
    body = client.get("/api/v1/entities/", {"agreement": agreement.contract_number}).json()
    assert [row["key"] for row in body["results"]] == [customer.slug]
    body = client.get("/api/v1/entities/", {"q": customer.other_names.get().name}).json()
    assert [row["key"] for row in body["results"]] == [customer.slug]
    page = client.get(reverse("contracts:legalentity_list"), {"agreement": agreement.contract_number})
    assert customer.name in page.content.decode()
    assert "<option" not in page.content.decode()


ADMIN_PAGES = [
    f"admin:contracts_{model}_{view}"
    for model in (
        "legalentity",
        "entityname",
        "agreement",
        "amendment",
        "customermembership",
        "termversion",
        "provision",
        "provisionversion",
        "signature",
    )
    for view in ("add", "changelist")
]


@pytest.mark.parametrize("url_name", ADMIN_PAGES)
def test_admin_forms_and_lists_do_not_list_every_record(client_as, url_name):
    """Relations are autocompletes and list filters name no big table: the admin costs the same with 20."""
    (queries_small, bytes_small), (queries_large, bytes_large) = costs_at_1_and_20(
        client_as("admin"), lambda a: (reverse(url_name), {})
    )
    assert queries_small == queries_large
    if url_name.endswith("_add"):
        assert bytes_large == bytes_small


def test_entity_page_lists_a_bounded_number_of_subsidiaries(client_as):
    from contracts.views import SUBSIDIARIES_PER_ENTITY_PAGE

    parent = LegalEntityFactory(name="Group Holdings Inc.")
    LegalEntity.objects.bulk_create(
        LegalEntity(slug=f"sub-{i}", name=f"Subsidiary {i:03}", normalized_name=f"subsidiary {i:03}", parent=parent)
        for i in range(SUBSIDIARIES_PER_ENTITY_PAGE + 5)
    )
    page = client_as("buyer").get(reverse("contracts:legalentity_detail", args=[parent.pk])).content.decode()
    assert page.count("Subsidiary ") == SUBSIDIARIES_PER_ENTITY_PAGE
    assert f"?parent={parent.slug}" in page
    listed = client_as("buyer").get("/api/v1/entities/", {"parent": parent.slug, "limit": 100}).json()
    assert listed["count"] == SUBSIDIARIES_PER_ENTITY_PAGE + 5
