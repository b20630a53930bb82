"""The contracts API: same answers as the pages, same role rules, errors that name the field."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from contracts.models import Agreement, LegalEntity

pytestmark = pytest.mark.django_db


def endpoints(seed):
    entity = LegalEntity.objects.get(slug="kmc-telecom-iii")
    return [
        "/api/v1/agreements/",
        f"/api/v1/agreements/{seed.pk}/",
        f"/api/v1/agreements/{seed.pk}/as-of/?on=1999-01-15",
        "/api/v1/amendments/",
        "/api/v1/entities/",
        f"/api/v1/entities/{entity.pk}/",
        "/api/v1/entities/lookup/?name=KMC+III",
    ]


def test_anonymous_gets_401_or_403(seed):
    client = APIClient()
    for url in [*endpoints(seed), "/api/schema/"]:
        assert client.get(url).status_code in (401, 403), url


@pytest.mark.parametrize("role", ["admin", "buyer", "auditor"])
def test_every_role_reads(api_client_as, seed, role):
    client = api_client_as(role)
    for url in endpoints(seed):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", ["admin", "buyer", "auditor"])
def test_the_read_only_api_refuses_writes(api_client_as, seed, role):
    client = api_client_as(role)
    response = client.post("/api/v1/agreements/", {"title": "x"}, format="json")
    assert response.status_code in (403, 405)
    response = client.delete(f"/api/v1/agreements/{seed.pk}/")
    assert response.status_code in (403, 405)
    assert Agreement.objects.filter(pk=seed.pk).exists()


def test_token_auth_works(seed, buyer_user):
    from core.tokens import issue_token

    _, token = issue_token(buyer_user, days=7)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/agreements/").status_code == 200


def test_agreement_as_of_a_date(api_client_as, seed):
    body = (
        api_client_as("buyer")
        .get(f"/api/v1/agreements/{seed.pk}/as-of/", {"on": "1999-01-15", "as_agreed": "1999-06-01"})
        .json()
    )
    assert body["as_of"] == {"on": "1999-01-15", "as_agreed": "1999-06-01"}
    assert body["amendments_counted"] == [1, 2]
    assert body["term"]["expiry_date"] == "2003-03-05"
    standing = {c["membership"]["entity_name"]: c["standing"] for c in body["customers"]}
    assert standing["KMC Telecom III, Inc."] == "yes"
    assert standing["KMC Telecom IV, Inc."] == "no"
    assert standing["KMC Telecom Inc."] == "yes"
    assert any(p["section"] == "A-1.15" and p["valid_from"] == "1998-06-30" for p in body["provisions"])


def test_as_of_defaults_to_today_and_echoes_it(api_client_as, seed):
    from django.utils import timezone

    body = api_client_as("buyer").get(f"/api/v1/agreements/{seed.pk}/as-of/").json()
    assert body["as_of"] == {"on": timezone.localdate().isoformat(), "as_agreed": None}


@pytest.mark.parametrize(
    ("params", "field"),
    [({"on": "1999-02-30"}, "on"), ({"on": "yesterday"}, "on"), ({"as_agreed": "1999-13-01"}, "as_agreed")],
)
def test_bad_dates_are_400_naming_the_field(api_client_as, seed, params, field):
    response = api_client_as("buyer").get(f"/api/v1/agreements/{seed.pk}/as-of/", params)
    assert response.status_code == 400
    assert field in response.json()


def test_entity_lookup(api_client_as, seed):
    body = api_client_as("buyer").get("/api/v1/entities/lookup/", {"name": "kmc iii llc", "on": "2000-03-01"}).json()
    [match] = body["matches"]
    assert match["entity"]["name"] == "KMC III Services LLC"
    assert match["authorizations"] == [
        {
            "agreement": "LNM970313MP",
            "standing": "yes",
            "since": "2000-02-15",
            "reason": match["authorizations"][0]["reason"],
        }
    ]


def test_entity_lookup_needs_a_name(api_client_as, seed):
    response = api_client_as("buyer").get("/api/v1/entities/lookup/")
    assert response.status_code == 400
    assert "name" in response.json()


def test_schema_and_docs_are_served(client_as, seed):
    client = client_as("buyer")
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/entities/lookup/" in schema.content
    assert client.get(reverse("api-docs")).status_code == 200


def test_api_list_query_count_is_constant(api_client_as, seed, django_assert_max_num_queries):
    client = api_client_as("buyer")
    with django_assert_max_num_queries(6):
        client.get("/api/v1/entities/")
    for i in range(60):
        LegalEntity.objects.create(slug=f"extra-{i}", name=f"Extra {i}")
    with django_assert_max_num_queries(6):
        client.get("/api/v1/entities/")


def test_entities_and_agreements_show_their_key_and_are_found_by_it(api_client_as, seed):
    client = api_client_as("buyer")
    entity = LegalEntity.objects.get(slug="kmc-telecom-iii")
    listed = {row["key"]: row["id"] for row in client.get("/api/v1/entities/", {"limit": 500}).json()["results"]}
    assert listed["kmc-telecom-iii"] == entity.pk
    by_key = client.get("/api/v1/entities/kmc-telecom-iii/").json()
    assert by_key == client.get(f"/api/v1/entities/{entity.pk}/").json()
    assert by_key["key"] == "kmc-telecom-iii"
    agreement = client.get(f"/api/v1/agreements/{seed.contract_number}/").json()
    assert (agreement["id"], agreement["key"]) == (seed.pk, seed.contract_number)
    assert client.get("/api/v1/agreements/").json()["results"][0]["key"] == seed.contract_number
    assert client.get("/api/v1/entities/no-such-entity/").status_code == 404


def test_schema_documents_the_keys(api_client_as, seed):
    schema = api_client_as("buyer").get("/api/schema/", {"format": "json"}).json()
    components = schema["components"]["schemas"]
    assert "key" in components["LegalEntity"]["properties"]
    assert "key" in components["Agreement"]["properties"]
    entity_param = schema["paths"]["/api/v1/entities/{id}/"]["get"]["parameters"][0]
    assert entity_param["schema"]["type"] == "string" and "key" in entity_param["description"]
