"""CSRF, login throttling, session lifetime and security headers."""

import time

import pytest
from django.test import Client
from django.urls import reverse

from contracts.models import LegalEntity

pytestmark = pytest.mark.django_db


def test_post_without_csrf_token_is_refused_and_writes_nothing(seed, admin_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    entity = LegalEntity.objects.get(slug="kmc-telecom-v")
    history_before = LegalEntity.history.count()
    response = client.post(
        reverse("admin:contracts_legalentity_change", args=[entity.pk]),
        {
            "slug": entity.slug,
            "name": "Hijacked",
            "other_names-TOTAL_FORMS": 0,
            "other_names-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 403
    entity.refresh_from_db()
    assert entity.name != "Hijacked"
    assert LegalEntity.history.count() == history_before


def test_api_session_writes_need_csrf_too(seed, admin_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    response = client.post("/api/v1/agreements/", {"title": "x"}, content_type="application/json")
    assert response.status_code == 403


def login(client, username, password, ip):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_repeated_failures_lock_that_username_from_that_address_only(admin_user):
    attacker, colleague = Client(), Client()
    for _ in range(5):
        login(attacker, admin_user.username, "wrong", "203.0.113.9")
    locked = login(attacker, admin_user.username, "pw-" + admin_user.username, "203.0.113.9")
    assert locked.status_code == 429
    assert b"Too many failed logins" in locked.content
    # The real admin, from their own address, is not locked out by someone guessing elsewhere.
    response = login(colleague, admin_user.username, "pw-" + admin_user.username, "198.51.100.7")
    assert response.status_code == 302 and response.url == reverse("home")


def test_login_starts_a_new_session(admin_user, settings):
    client = Client()
    session = client.session
    session["probe"] = 1
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    assert client.session.session_key == session.session_key
    login(client, admin_user.username, "pw-" + admin_user.username, "127.0.0.1")
    assert client.session.session_key not in (None, session.session_key)
    assert client.session["probe"] == 1


def test_sessions_end_after_the_absolute_limit(client_as, settings, seed):
    from core.middleware import SessionAbsoluteLimitMiddleware

    client = client_as("buyer")
    assert client.get(reverse("contracts:agreement_list")).status_code == 200
    session = client.session
    session[SessionAbsoluteLimitMiddleware.KEY] = time.time() - settings.SESSION_ABSOLUTE_LIMIT.total_seconds() - 1
    session.save()
    response = client.get(reverse("contracts:agreement_list"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert client.get(reverse("contracts:agreement_list")).status_code == 302


def test_inactivity_expiry_is_configured(settings):
    assert settings.SESSION_COOKIE_AGE <= 60 * 60
    assert not settings.SESSION_SAVE_EVERY_REQUEST  # renewed at most once a minute (core.middleware)


def test_security_headers(client_as, seed):
    response = client_as("buyer").get(reverse("contracts:agreement_detail", args=[seed.pk]))
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Frame-Options"] == "DENY"


def test_pages_have_no_inline_scripts(client_as, seed):
    client = client_as("admin")
    for url in [reverse("home"), reverse("contracts:agreement_detail", args=[seed.pk]), reverse("api-docs")]:
        page = client.get(url).content.decode()
        for chunk in page.split("<script")[1:]:
            tag = chunk.split(">", 1)[0]
            assert "src=" in tag or 'type="application/json"' in tag, (url, tag)
