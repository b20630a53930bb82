"""Pricing pages and API answers as buyers hit them (targets here, never in timed tests)."""

from bench.scale.cases import TEN_LINES
from contracts.models import Agreement, LegalEntity

TARGET_P95_MS = {
    "discount lookup on a date (page)": 200,
    "discount lookup on a date (API)": 200,
    "quote of ten lines as agreed on a date (page)": 250,
    "quote of ten lines (API)": 250,
}

LINES = TEN_LINES  # the same ten lines as the portfolio benchmark


def _quote_params():
    params = {
        "agreement": Agreement.objects.values_list("pk", flat=True).first(),
        "entity": LegalEntity.objects.get(slug="kmc-telecom-iii").pk,
        "on": "1999-10-15",
        "as_agreed": "1999-11-01",
        "form-TOTAL_FORMS": len(LINES),
        "form-INITIAL_FORMS": 0,
    }
    for i, line in enumerate(LINES):
        params.update({f"form-{i}-quantity": 2, **{f"form-{i}-{k}": v for k, v in line.items()}})
    return params


def lookup_page(clients):
    response = clients["buyer"].get("/pricing/discounts/", {"on": "2000-03-01", "q": "OC-12"})
    assert response.status_code == 200


def lookup_api(clients):
    response = clients["buyer"].get("/api/v1/discounts/", {"on": "2000-03-01"})
    assert response.status_code == 200


def quote_page(clients):
    response = clients["buyer"].get("/pricing/quote/", _quote_params())
    assert response.status_code == 200


def quote_api(clients):
    body = {"entity": "kmc-telecom-iii", "on": "2000-03-01", "lines": LINES}
    response = clients["buyer"].post("/api/v1/quotes/", body, content_type="application/json")
    assert response.status_code == 200


CASES = [
    ("discount lookup on a date (page)", lookup_page),
    ("discount lookup on a date (API)", lookup_api),
    ("quote of ten lines as agreed on a date (page)", quote_page),
    ("quote of ten lines (API)", quote_api),
]
