"""Role x URL x method, generated from the URL conf: new pages are covered without editing a list.

For every route: anonymous users are sent to login (pages) or refused (API); each role gets in
exactly when it holds the permissions the view declares; buyers and auditors cannot write through
any route, and a refused write changes nothing.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.views import APIView

from core.history import audited_models
from core.views import RoleRequiredMixin

pytestmark = pytest.mark.django_db

PUBLIC = {"login", "logout"}
SKIPPED_NAMESPACES = {"admin"}  # the admin has its own staff check, tested in test_admin_access
ROLES = ("admin", "buyer", "auditor")


def _walk(patterns, prefix="", namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or namespace
            if inner in SKIPPED_NAMESPACES:
                continue
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield prefix + str(entry.pattern), (f"{namespace}:{entry.name}" if namespace else entry.name), entry


def _view_class(pattern):
    callback = pattern.callback
    return getattr(callback, "view_class", None) or getattr(callback, "cls", None)


def _model(pattern):
    view_class = _view_class(pattern)
    queryset = getattr(view_class, "queryset", None)
    if queryset is not None:
        return queryset.model
    return getattr(view_class, "model", None)


def _concrete(name, pattern):
    """Reverse a route with ids of real objects (the seed is loaded); say whether the object exists."""
    model = _model(pattern)
    obj = model.objects.order_by("pk").first() if model is not None else None
    values = {"pk": obj.pk if obj else 1, "app_label": "contracts", "model_name": "agreement", "source": "entity"}
    wanted = list(pattern.pattern.regex.groupindex)
    missing = [k for k in wanted if k not in values]
    if missing:
        pytest.fail(f"test_access_matrix cannot fill {missing} of {name!r}; teach it")
    # A view whose model is not declared gets pk=1 and may answer 404 for it.
    exists = None if model is None and "pk" in wanted else ("pk" not in wanted or obj is not None)
    return reverse(name, kwargs={k: values[k] for k in wanted}), exists


def _allows_get(pattern):
    actions = getattr(pattern.callback, "actions", None)  # DRF viewsets map methods to actions
    if actions is not None:
        return "get" in actions
    return hasattr(_view_class(pattern), "get")


def _declared_permissions(pattern):
    view_class = _view_class(pattern)
    if view_class is None:
        return None
    if issubclass(view_class, APIView):
        required = getattr(view_class, "required_permissions", None)
        if required is not None:
            return list(required)
        model = _model(pattern)
        if model is None:
            return ["__authenticated__"]
        return [f"{model._meta.app_label}.view_{model._meta.model_name}"]
    if issubclass(view_class, RoleRequiredMixin):
        required = view_class.permission_required
        return [required] if isinstance(required, str) else list(required)
    return None


def routes():
    return [(name, pattern) for _, name, pattern in _walk(get_resolver().url_patterns) if pattern.name not in PUBLIC]


def _history_rows():
    return sum(model.history.count() for model in audited_models())


def test_every_route_declares_its_permissions():
    undeclared = [
        name for name, pattern in routes() if pattern.name != "home" and _declared_permissions(pattern) is None
    ]
    assert undeclared == []


def test_anonymous(client, seed):
    wrong = []
    for name, pattern in routes():
        url, _ = _concrete(name, pattern)
        response = client.get(url)
        if url.startswith("/api/"):
            ok = response.status_code in (401, 403)
        else:
            ok = response.status_code == 302 and response.url.startswith("/accounts/login/")
        if not ok:
            wrong.append((url, response.status_code))
    assert wrong == []


@pytest.mark.parametrize("role", ROLES)
def test_role_reads(client_as, users, seed, role):
    client = client_as(role)
    wrong = []
    for name, pattern in routes():
        url, exists = _concrete(name, pattern)
        response = client.get(url)
        permissions = [p for p in (_declared_permissions(pattern) or []) if p != "__authenticated__"]
        if users[role].has_perms(permissions):
            expected = {True: (200, 400), False: (404,), None: (200, 400, 404)}[exists]
            if not _allows_get(pattern):
                expected = (405,)  # e.g. POST-only endpoints such as the quote calculator
        else:
            expected = (403,)
        if response.status_code not in expected:
            wrong.append((url, response.status_code, expected))
    assert wrong == []


def _buyer_enters(role, pattern, users):
    """Buyers add and change the models their AppConfig's `buyers_enter` names (purchases): those
    routes accept their writes (an empty one is refused as invalid or stale: 400, 409)."""
    model = _model(pattern)
    if role != "buyer" or model is None:
        return False
    meta = model._meta
    return users[role].has_perms(
        [f"{meta.app_label}.add_{meta.model_name}", f"{meta.app_label}.change_{meta.model_name}"]
    )


@pytest.mark.parametrize("role", ["buyer", "auditor"])
def test_readers_cannot_write(client_as, users, seed, role):
    client = client_as(role)
    before = _history_rows()
    wrong = []
    for name, pattern in routes():
        url, _ = _concrete(name, pattern)
        posts_are_reads = getattr(_view_class(pattern), "posts_are_reads", False)
        # e.g. the API tokens page: a POST changes the user's own tokens only (tests/core/test_api_tokens.py)
        own_records_only = getattr(_view_class(pattern), "posts_change_only_own_records", False)
        # e.g. reviewing a finding: auditors write a review (core.FindingReview), never the record reviewed
        reviews_only = getattr(_view_class(pattern), "posts_review_findings", False) and users[role].has_perms(
            _declared_permissions(pattern) or []
        )
        enters = _buyer_enters(role, pattern, users)
        for method in ("post", "put", "patch", "delete"):
            if method == "post" and (posts_are_reads or own_records_only or reviews_only):
                continue  # e.g. the quote calculator: POST computes, it never writes
            response = getattr(client, method)(url, {}, content_type="application/json")
            # An empty write the buyer may make is refused as invalid (400), stale (409) or not found.
            allowed = (200, 400, 403, 404, 405, 409) if enters and method in ("post", "patch") else (403, 405)
            if response.status_code not in allowed:
                wrong.append((method, url, response.status_code))
    assert wrong == []
    assert _history_rows() == before


def test_admin_access(client_as, seed):
    assert client_as("admin").get("/admin/").status_code == 200
    for role in ("buyer", "auditor"):
        response = client_as(role).get("/admin/contracts/agreement/")
        assert response.status_code == 302 and "/admin/login/" in response.url
