"""What every request costs before its own work: reads only, one permission read, sessions renewed once a minute.

Issue 11's throughput targets: a GET (and a quote, which only prices) must not write; the session's
idle expiry is renewed at most once per `SESSION_REFRESH_INTERVAL`, never later than
`SESSION_COOKIE_AGE` of idleness; a user's permissions are read in one query, afresh on every request.
"""

import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.middleware import SessionAbsoluteLimitMiddleware
from core.permissions import RoleBackend
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")
TEN_LINES = {
    "entity": "kmc-telecom-iii",
    "agreement": "LNM970313MP",
    "on": "2000-03-01",
    "lines": [{"product": "PSAS", "list_price": "1000.00"}, {"product": "BICR", "list_price": "3300"}],
}


def _requests(seed):
    """The requests of the throughput benchmark (bench/scale/cases.py), and two pages."""
    return [
        ("get", f"/api/v1/agreements/{seed.pk}/as-of/?on=1999-11-15&as_agreed=2000-03-01", None),
        ("get", "/api/v1/entities/lookup/?name=KMC+III+LLC&on=2000-03-01", None),
        ("get", "/api/v1/discounts/?q=5ESS", None),
        ("get", "/api/v1/releases/?agreement=LNM970313MP&on=2000-06-01", None),
        ("post", "/api/v1/quotes/", TEN_LINES),
        ("get", reverse("contracts:agreement_detail", args=[seed.pk]), None),
        ("get", reverse("home"), None),
    ]


def _ask(client, method, url, body):
    if method == "post":
        return client.post(url, body, content_type="application/json")
    return client.get(url)


def _statements(captured):
    return [query["sql"] for query in captured.captured_queries]


def test_reading_writes_nothing_and_reads_permissions_once(client_as, seed):
    client = client_as("buyer")
    client.get(reverse("home"))  # the first request after login stamps the session: a write, once
    for method, url, body in _requests(seed):
        with CaptureQueriesContext(connection) as captured:
            response = _ask(client, method, url, body)
        assert response.status_code == 200, (url, response.content[:300])
        statements = _statements(captured)
        writes = [sql for sql in statements if sql.lstrip().upper().startswith(WRITES)]
        assert writes == [], url
        permission_reads = [sql for sql in statements if "auth_permission" in sql]
        assert len(permission_reads) == 1, (url, permission_reads)


def _session(client):
    return Session.objects.get(session_key=client.session.session_key)


@pytest.fixture
def product_refresh_interval(settings):
    """The product's renewal interval (a minute), not the test settings' day."""
    from config.settings import base

    settings.SESSION_REFRESH_INTERVAL = base.SESSION_REFRESH_INTERVAL


def test_a_request_within_the_refresh_interval_leaves_the_session_alone(client_as, seed, product_refresh_interval):
    client = client_as("buyer")
    client.get(reverse("home"))
    soon = timezone.now() + timedelta(minutes=5)
    Session.objects.filter(session_key=client.session.session_key).update(expire_date=soon)
    response = client.get(reverse("contracts:agreement_detail", args=[seed.pk]))
    assert response.status_code == 200
    assert _session(client).expire_date == soon
    assert settings.SESSION_COOKIE_NAME not in response.cookies


def test_a_request_after_the_refresh_interval_renews_the_idle_expiry(client_as, seed, product_refresh_interval):
    client = client_as("buyer")
    client.get(reverse("home"))
    session = client.session
    interval = settings.SESSION_REFRESH_INTERVAL.total_seconds()
    session[SessionAbsoluteLimitMiddleware.REFRESHED] = time.time() - interval - 1
    session.save()
    Session.objects.filter(session_key=session.session_key).update(expire_date=timezone.now() + timedelta(minutes=5))
    response = client.get(reverse("contracts:agreement_detail", args=[seed.pk]))
    assert response.status_code == 200
    renewed = _session(client).expire_date - timezone.now()
    age = timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert age - timedelta(minutes=1) < renewed <= age
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == settings.SESSION_COOKIE_AGE


def test_the_idle_limit_is_30_minutes_and_renewing_never_extends_it(settings, product_refresh_interval):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    # Renewed at most once an interval, a session idle for SESSION_COOKIE_AGE - interval may end; one
    # idle for longer than SESSION_COOKIE_AGE always has.
    assert timedelta(0) < settings.SESSION_REFRESH_INTERVAL <= timedelta(minutes=1)
    absolute = settings.SESSION_ABSOLUTE_LIMIT
    assert absolute == timedelta(hours=10)


def test_an_idle_session_past_its_expiry_is_logged_out(client_as, seed):
    client = client_as("buyer")
    client.get(reverse("home"))
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    response = client.get(reverse("contracts:agreement_detail", args=[seed.pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert client.get("/api/v1/agreements/").status_code == 403


def test_the_absolute_limit_holds_on_a_session_renewed_a_moment_ago(client_as, seed):
    client = client_as("buyer")
    client.get(reverse("home"))
    session = client.session
    session[SessionAbsoluteLimitMiddleware.KEY] = time.time() - settings.SESSION_ABSOLUTE_LIMIT.total_seconds() - 1
    session[SessionAbsoluteLimitMiddleware.REFRESHED] = time.time()
    session.save()
    response = client.get(reverse("contracts:agreement_detail", args=[seed.pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", ["admin", "buyer", "auditor", None])
def test_the_backend_reads_the_same_permissions_as_djangos(django_user_model, role):
    user = make_user(django_user_model, f"perm-{role}", role)
    user.user_permissions.add(Permission.objects.get(codename="view_session"))
    ours = RoleBackend().get_all_permissions(django_user_model.objects.get(pk=user.pk))
    djangos = ModelBackend().get_all_permissions(django_user_model.objects.get(pk=user.pk))
    assert ours == djangos
    assert "sessions.view_session" in ours


def test_a_role_granted_or_taken_applies_to_the_next_request(client_as, buyer_user, seed):
    client = client_as("buyer")
    url = "/api/v1/audit-log/?limit=1"
    auditors = Group.objects.get(name="Auditors")
    before = client.get(url).status_code
    buyer_user.groups.add(auditors)
    granted = client.get(url).status_code
    buyer_user.groups.remove(auditors)
    taken = client.get(url).status_code
    assert (before, granted, taken) == (403, 200, 403)


def test_inactive_users_have_no_permissions_and_superusers_all(django_user_model):
    inactive = make_user(django_user_model, "gone", "admin")
    inactive.is_active = False
    inactive.save()
    assert RoleBackend().get_all_permissions(django_user_model.objects.get(pk=inactive.pk)) == set()
    boss = django_user_model.objects.create_superuser("boss", password="pw-boss")
    assert RoleBackend().get_all_permissions(boss) == {
        f"{app_label}.{codename}"
        for app_label, codename in Permission.objects.values_list("content_type__app_label", "codename")
    }


def test_logging_in_stamps_the_session_so_the_next_requests_write_nothing(buyer_user, seed):
    from django.test import Client

    client = Client()
    before = time.time()
    response = client.post(reverse("login"), {"username": buyer_user.username, "password": "pw-buyer-1"})
    assert response.status_code == 302
    session = client.session
    assert before <= session[SessionAbsoluteLimitMiddleware.KEY] <= time.time()
    assert session[SessionAbsoluteLimitMiddleware.REFRESHED] == session[SessionAbsoluteLimitMiddleware.KEY]
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("contracts:agreement_detail", args=[seed.pk])).status_code == 200
    assert [sql for sql in _statements(captured) if sql.lstrip().upper().startswith(WRITES)] == []
