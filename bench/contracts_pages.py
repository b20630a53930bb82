"""Contract pages and API answers as users hit them."""

from contracts.models import Agreement

TARGET_P95_MS = {
    "agreement as of a date (page)": 150,
    "agreement as of a date (API)": 150,
    "entity lookup by former name (page)": 150,
}


def _agreement_id():
    return Agreement.objects.values_list("pk", flat=True).first()


def agreement_page(clients):
    response = clients["buyer"].get(f"/contracts/{_agreement_id()}/", {"on": "1999-11-15"})
    assert response.status_code == 200


def agreement_api(clients):
    response = clients["buyer"].get(f"/api/v1/agreements/{_agreement_id()}/as-of/", {"on": "1999-11-15"})
    assert response.status_code == 200


def entity_lookup(clients):
    response = clients["buyer"].get("/contracts/entities/lookup/", {"name": "KMC III LLC", "on": "2000-03-01"})
    assert response.status_code == 200


CASES = [
    ("agreement as of a date (page)", agreement_page),
    ("agreement as of a date (API)", agreement_api),
    ("entity lookup by former name (page)", entity_lookup),
]
