"""API limits enforced before work is done: body size, JSON depth, numbers, request rates."""

import json
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django import forms
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import get_resolver
from rest_framework.test import APIClient

from core.api.forms import FormSerializer
from core.api.parsers import MAX_JSON_DEPTH, json_depth
from tests.core.test_access_matrix import _concrete, _walk

pytestmark = pytest.mark.django_db

DEEP_BODIES = {
    "arrays": "[" * 1000 + "]" * 1000,
    "objects": '{"a": ' * 1000 + "1" + "}" * 1000,
    "unclosed": "[" * 100_000,
}


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ("", 0),
        ("1", 0),
        ("{}", 1),
        ("[1, [2, [3]], []]", 3),
        ('{"lines": [{"product": "x"}]}', 3),
        ('{"a": "[[[[{{{{"}', 1),  # brackets inside strings do not nest
        ('["\\"[[[", "\\\\", [1]]', 2),  # escaped quotes and backslashes end strings correctly
        ("[" * 40 + "]" * 40, 40),
    ],
)
def test_json_depth(text, depth):
    assert json_depth(text) == depth


def _api_write_requests():
    """Every API route (from the URL conf, as the access matrix walks it) with every writing method."""
    for route, name, pattern in _walk(get_resolver().url_patterns):
        if route.startswith("api/"):
            url, exists = _concrete(name, pattern)
            for method in ("post", "put", "patch"):
                yield method, url, exists


@pytest.mark.parametrize("body", DEEP_BODIES.values(), ids=DEEP_BODIES.keys())
def test_every_json_endpoint_refuses_deep_nesting_with_a_400(api_client_as, seed, body):
    client = api_client_as("admin")
    parsed = []
    wrong = []
    for method, url, exists in _api_write_requests():
        response = getattr(client, method)(url, body, content_type="application/json")
        if response.status_code in (403, 405) or (response.status_code == 404 and not exists):
            continue  # refused before the body is read
        if response.status_code == 400 and "nested deeper than" in response.json()["detail"]:
            parsed.append((method, url))
        else:
            wrong.append((method, url, response.status_code))
    assert wrong == []
    # The quote and every edit endpoint read JSON; the test must have reached them.
    assert ("post", "/api/v1/quotes/") in parsed
    assert any(method == "patch" for method, _ in parsed)


def test_json_within_the_depth_limit_is_parsed(api_client_as, seed):
    nested = {"entity": "kmc-telecom-iii", "on": "2000-06-01", "lines": [{"product": "DDM-2000 OC-3"}]}
    for _ in range(MAX_JSON_DEPTH - 3):
        nested = {"nested": nested}
    response = api_client_as("buyer").post("/api/v1/quotes/", nested, format="json")
    assert response.status_code == 400
    assert "nested deeper" not in json.dumps(response.json())  # an ordinary field error instead


def test_bodies_over_the_limit_are_refused_before_reading(api_client_as, seed, settings):
    body = json.dumps({"entity": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)})
    response = api_client_as("buyer").post("/api/v1/quotes/", body, content_type="application/json")
    assert response.status_code == 413
    assert f"larger than {settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes" in response.json()["detail"]
    form = api_client_as("buyer").post(
        "/api/v1/quotes/", urlencode({"entity": body}), content_type="application/x-www-form-urlencoded"
    )
    assert form.status_code == 413
    # Django's multipart parser limits form fields, not files: the declared length is checked first.
    upload = SimpleUploadedFile("big.bin", b"\0" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1))
    multipart = api_client_as("buyer").post("/api/v1/quotes/", {"entity": upload}, format="multipart")
    assert multipart.status_code == 413


def test_page_forms_over_the_limit_are_refused(client, settings):
    response = client.post("/accounts/login/", {"username": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)})
    assert response.status_code == 400


class _AmountForm(forms.Form):
    amount = forms.DecimalField(max_digits=6, decimal_places=2, min_value=Decimal("0"))
    count = forms.IntegerField(min_value=1, max_value=10, required=False)


class _AmountSerializer(FormSerializer):
    form_class = _AmountForm


def test_form_serializer_fields_carry_the_forms_limits():
    fields = _AmountSerializer().fields
    assert (fields["amount"].max_digits, fields["amount"].decimal_places) == (6, 2)
    assert (fields["count"].min_value, fields["count"].max_value) == (1, 10)


@pytest.mark.parametrize(
    "data",
    [
        {"amount": "12345.67"},  # 7 digits
        {"amount": "1.234"},  # 3 places
        {"amount": "1e999999999"},
        {"amount": 1e400},  # JSON's 1e400 is a float infinity
        {"amount": "NaN"},
        {"amount": "1", "count": 10**30},
        {"amount": "1", "count": 1e308},
    ],
)
def test_out_of_range_numbers_are_field_errors(data):
    serializer = _AmountSerializer(data=data)
    assert not serializer.is_valid()
    assert set(serializer.errors) <= {"amount", "count"} and serializer.errors


def test_a_form_with_an_unbounded_number_cannot_back_an_api():
    class Unbounded(forms.Form):
        price = forms.DecimalField()
        count = forms.IntegerField(min_value=0)

    with pytest.raises(TypeError, match="price, count unbounded"):

        class UnboundedSerializer(FormSerializer):
            form_class = Unbounded


@pytest.fixture
def rates(settings):
    """Small rates, switched on for one test (the suite runs without them), on a clean cache."""
    small = {"user": "3/minute", "anon": "2/minute"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": small}
    cache.clear()  # the counts live in the default cache (LocMemCache, per process)
    yield
    cache.clear()


def test_each_user_has_a_rate(rates, api_client_as, seed):
    buyer = api_client_as("buyer")
    assert [buyer.get("/api/v1/agreements/").status_code for _ in range(3)] == [200, 200, 200]
    throttled = buyer.get("/api/v1/agreements/")
    assert throttled.status_code == 429
    assert 0 < int(throttled.headers["Retry-After"]) <= 60
    assert "throttled" in throttled.json()["detail"]
    assert api_client_as("auditor").get("/api/v1/agreements/").status_code == 200


def test_refused_requests_count_too(rates, api_client_as, seed):
    buyer = api_client_as("buyer")
    assert [buyer.get("/api/v1/audit-log/").status_code for _ in range(3)] == [403, 403, 403]
    assert buyer.get("/api/v1/audit-log/").status_code == 429


def test_anonymous_clients_have_a_rate_per_address(rates, seed, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    attacker, other = APIClient(), APIClient()

    def get(client, forwarded_for, **headers):
        return client.get("/api/v1/agreements/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded_for, **headers)

    assert get(attacker, "198.51.100.66").status_code == 403
    # A made-up token is refused too, and counted for the same address; so is a made-up header entry.
    assert get(attacker, "192.0.2.1, 198.51.100.66", HTTP_AUTHORIZATION="Token " + "0" * 64).status_code in (401, 403)
    throttled = get(attacker, "192.0.2.2, 198.51.100.66")
    assert throttled.status_code == 429 and "Retry-After" in throttled.headers
    assert get(other, "203.0.113.10").status_code == 403


def test_pages_are_not_api_rate_limited(rates, client_as, seed):
    client: Client = client_as("buyer")
    assert {client.get("/contracts/").status_code for _ in range(5)} == {200}
