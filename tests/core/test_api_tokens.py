"""API tokens: each user issues and revokes their own on their tokens page; hashed at rest, expiring."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from core.tokens import MAX_ACTIVE_TOKENS, issue_token

pytestmark = pytest.mark.django_db

PAGE = reverse("core:api_tokens")
API = "/api/v1/agreements/"


def api_status(token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client.get(API).status_code


def create(client, days=30):
    return client.post(PAGE, {"days": days})


def test_the_page_needs_a_login(client):
    response = client.get(PAGE)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", ["admin", "buyer", "auditor"])
def test_every_role_issues_a_token_shown_once(client_as, users, seed, role):
    client = client_as(role)
    response = create(client)
    assert response.status_code == 200
    token = response.context["new_token"]
    assert token in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    record = AuthToken.objects.get(user=users[role])
    assert record.expiry - timezone.now() > timedelta(days=29)
    assert api_status(token) == 200
    listed = client.get(PAGE).content.decode()
    assert token[:8] in listed and token not in listed


def test_tokens_are_hashed_at_rest(buyer_user):
    _, token = issue_token(buyer_user, days=7)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {AuthToken._meta.db_table}")  # noqa: S608 - the model's own table
        stored = " ".join(str(value) for row in cursor.fetchall() for value in row)
    assert token not in stored
    assert token[:15] in stored  # knox keeps the first characters to find the row, no more


def test_a_token_works_with_its_users_role_only(seed, buyer_user):
    _, token = issue_token(buyer_user, days=7)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get(API).status_code == 200
    assert client.get("/api/v1/audit-log/").status_code == 403  # buyers do not read the audit log


def test_an_expired_token_no_longer_works(seed, buyer_user):
    record, token = issue_token(buyer_user, days=7)
    AuthToken.objects.filter(pk=record.pk).update(expiry=timezone.now() - timedelta(seconds=1))
    assert api_status(token) in (401, 403)
    assert not AuthToken.objects.filter(pk=record.pk).exists()


def test_revoking_a_token(client_as, seed, buyer_user):
    client = client_as("buyer")
    record, token = issue_token(buyer_user, days=7)
    response = client.post(PAGE, {"revoke": record.digest}, follow=True)
    assert "Token revoked" in response.content.decode()
    assert api_status(token) in (401, 403)


def test_nobody_revokes_or_sees_someone_elses_tokens(client_as, seed, auditor_user):
    record, token = issue_token(auditor_user, days=7)
    client = client_as("buyer")
    assert record.token_key[:8] not in client.get(PAGE).content.decode()
    response = client.post(PAGE, {"revoke": record.digest}, follow=True)
    assert "nothing was revoked" in response.content.decode()
    assert api_status(token) == 200


def test_a_deactivated_users_tokens_stop_working(seed, buyer_user):
    _, token = issue_token(buyer_user, days=7)
    buyer_user.is_active = False
    buyer_user.save()
    assert api_status(token) in (401, 403)


def test_lifetimes_are_bounded(client_as, buyer_user):
    response = create(client_as("buyer"), days=3650)
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not AuthToken.objects.filter(user=buyer_user).exists()


def test_a_user_holds_a_bounded_number_of_tokens(client_as, buyer_user):
    for _ in range(MAX_ACTIVE_TOKENS):
        issue_token(buyer_user, days=7)
    response = create(client_as("buyer"))
    assert response.status_code == 400
    assert f"You already hold {MAX_ACTIVE_TOKENS} tokens" in response.content.decode()
    assert AuthToken.objects.filter(user=buyer_user).count() == MAX_ACTIVE_TOKENS


def test_issuing_needs_the_csrf_token(buyer_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(buyer_user)
    assert client.post(PAGE, {"days": 30}).status_code == 403
    assert not AuthToken.objects.filter(user=buyer_user).exists()
