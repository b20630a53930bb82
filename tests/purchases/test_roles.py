"""Who enters purchases: contract admins and buyers add and change them; auditors only read; nobody
but a contract admin deletes one. Every purchase route is asked, from the URL conf."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from purchases.models import Purchase

pytestmark = pytest.mark.django_db


def _purchase_routes(patterns=None, namespace=None):
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            yield from _purchase_routes(entry.url_patterns, entry.namespace or namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            if name.startswith("purchases:purchase") or name.startswith("purchase-"):
                yield name, entry


def _url(name, pattern, pk):
    wanted = list(pattern.pattern.regex.groupindex)
    return reverse(name, kwargs={"pk": pk} if "pk" in wanted else {})


def test_the_roles_permissions_on_purchases(users):
    assert users["admin"].has_perms(
        ["purchases.add_purchase", "purchases.change_purchase", "purchases.delete_purchase"]
    )
    assert users["buyer"].has_perms(["purchases.view_purchase", "purchases.add_purchase", "purchases.change_purchase"])
    assert not users["buyer"].has_perm("purchases.delete_purchase")
    assert users["auditor"].has_perm("purchases.view_purchase")
    assert not any(users["auditor"].has_perm(f"purchases.{action}_purchase") for action in ("add", "change", "delete"))


def test_the_routes_are_found():
    names = {name for name, _ in _purchase_routes()}
    assert {"purchases:purchase_list", "purchases:purchase_add", "purchases:purchase_import", "purchase-list"} <= names


def test_auditors_cannot_write_through_any_purchase_route(client_as, make_purchase):
    purchase = make_purchase()
    client = client_as("auditor")
    before = Purchase.history.count()
    wrong = []
    for name, pattern in _purchase_routes():
        url = _url(name, pattern, purchase.pk)
        for method in ("post", "put", "patch", "delete"):
            status = getattr(client, method)(url, {}, content_type="application/json").status_code
            if status not in (403, 405):
                wrong.append((method, url, status))
    assert wrong == []
    assert Purchase.history.count() == before


def test_buyers_writes_with_nothing_valid_change_nothing(client_as, make_purchase):
    """A buyer may write purchases; an empty request is refused (invalid, or 409: no version sent) and writes
    nothing; never a 500."""
    purchase = make_purchase()
    client = client_as("buyer")
    before = Purchase.history.count()
    for name, pattern in _purchase_routes():
        url = _url(name, pattern, purchase.pk)
        for method in ("post", "put", "patch", "delete"):
            status = getattr(client, method)(url, {}, content_type="application/json").status_code
            assert status in (200, 400, 403, 405, 409), (method, url, status)
    assert Purchase.history.count() == before
