"""Hostile and malformed input: a clear error naming the field, never a 500, nothing written.

The filter and search fields are found from the URL conf (every view with a filterset), so new
list pages and endpoints are probed without editing this file.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from core.history import audited_models

pytestmark = pytest.mark.django_db

PROBES = [
    "' OR 1=1 --",
    "%'; DROP TABLE contracts_agreement; --",
    '" OR ""="',
    "\\x00\x00",
    "ｋｍｃ ＩＩＩ ☃ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "9" * 400,
    "x" * 5000,
    "2/30/99",
    "-1e309",
]


def _filtered_routes(patterns=None, namespace=None):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            yield from _filtered_routes(entry.url_patterns, entry.namespace or namespace)
        elif isinstance(entry, URLPattern) and entry.name and not entry.pattern.regex.groupindex:
            view = getattr(entry.callback, "view_class", None) or getattr(entry.callback, "cls", None)
            filterset = getattr(view, "filterset_class", None)
            if filterset is not None:
                yield (f"{namespace}:{entry.name}" if namespace else entry.name), filterset


def _history_rows():
    return sum(model.history.count() for model in audited_models())


def test_some_filtered_routes_exist():
    assert list(_filtered_routes())


@pytest.mark.parametrize("role", ["buyer"])
def test_injection_probes_on_every_filter_field(client_as, seed, role):
    client = client_as(role)
    before = _history_rows()
    failures = []
    for name, filterset in _filtered_routes():
        url = reverse(name)
        for field in filterset.base_filters:
            for probe in PROBES:
                response = client.get(url, {field: probe})
                if response.status_code not in (200, 400):
                    failures.append((url, field, probe[:20], response.status_code))
    assert failures == []
    assert _history_rows() == before


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"name": "x" * 5000}, "Entity name: Ensure this value has at most 200 characters"),
        ({"name": "' OR 1=1 --", "on": "2/30/99"}, "On: Enter a valid date."),
        ({"name": "ＫＭＣ ☃", "as_agreed": "99999-01-01"}, "As agreed on: Enter a valid date."),
    ],
)
def test_lookup_form_names_the_bad_field(client_as, seed, params, message):
    response = client_as("buyer").get(reverse("contracts:legalentity_lookup"), params)
    assert response.status_code == 200
    assert message in response.content.decode()


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"name": "x" * 5000}, "name"),
        ({"name": "KMC", "on": "2/30/99"}, "on"),
        ({"name": "KMC", "on": "1999-02-30"}, "on"),
        ({"name": "KMC", "as_agreed": "-1"}, "as_agreed"),
        ({"name": ""}, "name"),
    ],
)
def test_api_lookup_rejects_bad_input_naming_the_field(api_client_as, seed, params, field):
    response = api_client_as("buyer").get("/api/v1/entities/lookup/", params)
    assert response.status_code == 400
    assert field in response.json()


def test_unicode_names_are_found_by_their_ascii_spelling(client_as, seed):
    response = client_as("buyer").get(reverse("contracts:legalentity_lookup"), {"name": "KMC Télécom III, Inc."})
    assert "KMC Telecom III, Inc." in response.content.decode()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"entity": "kmc\x00iii", "on": "2000-01-01", "lines": [{"product": "PSAS"}]}, "entity"),
        (
            {"entity": "kmc-telecom-iii", "agreement": "\x00", "on": "2000-01-01", "lines": [{"product": "PSAS"}]},
            "agreement",
        ),
        ({"entity": "kmc-telecom-iii", "on": "2000-01-01", "lines": [{"product": "PS\x00AS"}]}, "lines"),
        ({"entity": "kmc-telecom-iii", "on": "2/30/99", "lines": [{"product": "PSAS"}]}, "on"),
        (
            {"entity": "kmc-telecom-iii", "on": "2000-01-01", "lines": [{"product": "PSAS", "list_price": "1e400"}]},
            "lines",
        ),
        (
            {"entity": "kmc-telecom-iii", "on": "2000-01-01", "lines": [{"product": "PSAS", "quantity": 10**12}]},
            "lines",
        ),
    ],
    ids=["nul-entity", "nul-agreement", "nul-product", "bad-date", "huge-price", "huge-quantity"],
)
def test_quote_api_rejects_bad_input_naming_the_field(api_client_as, seed, payload, field):
    response = api_client_as("buyer").post("/api/v1/quotes/", payload, format="json")
    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.parametrize(
    "url", ["/api/v1/agreements/", "/api/v1/entities/", "/api/v1/discounts/", "/api/v1/releases/", "/api/v1/audit-log/"]
)
@pytest.mark.parametrize("params", [{"limit": 10**30}, {"offset": 10**30}, {"limit": -5, "offset": "x"}])
def test_pagination_numbers_cannot_overflow_the_database(api_client_as, seed, url, params):
    response = api_client_as("admin").get(url, params)
    assert response.status_code == 200
    assert len(response.json()["results"]) <= 500


def test_exports_cannot_carry_spreadsheet_formulas(client_as, seed):
    from contracts.models import LegalEntity

    entity = LegalEntity.objects.get(slug="kmc-telecom-v")
    entity.note = "x"
    entity._change_reason = '=HYPERLINK("http://evil.example","click")'
    entity.save()
    response = client_as("auditor").get(
        reverse("ledger:audit_log"), {"model": "contracts.legalentity", "_export": "csv"}
    )
    body = b"".join(response.streaming_content).decode()
    assert "'=HYPERLINK" in body
    assert ",=HYPERLINK" not in body and ',"=HYPERLINK' not in body

    quote = client_as("buyer").get(
        reverse("pricing:quote"),
        {
            "agreement": seed.pk,
            "entity": entity.pk,
            "on": "2000-06-01",
            "form-TOTAL_FORMS": 1,
            "form-INITIAL_FORMS": 0,
            "form-0-product": "=1+1",
            "form-0-quantity": 1,
            "all_entities": "on",  # kmc-telecom-v was never a Customer: priced only with "Show all entities"
            "_export": "csv",
        },
    )
    assert quote["Content-Type"] == "text/csv; charset=utf-8"
    assert "'=1+1" in quote.content.decode()


def test_table_exports_are_safe_too():
    from core.spreadsheet import safe_cell

    assert safe_cell("=SUM(A1)") == "'=SUM(A1)"
    assert safe_cell("@cmd") == "'@cmd"
    assert safe_cell("-8.85%") == "'-8.85%"
    assert safe_cell("DDM PLUS") == "DDM PLUS"
    assert safe_cell(-8) == -8
