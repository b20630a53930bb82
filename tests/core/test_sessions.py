"""Sessions and the session's user, read with fixed statements (`core.sessions`, `RoleBackend.get_user`):
the same answers as Django's own readers."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

pytestmark = pytest.mark.django_db

HOME = "/"


def test_a_logged_in_user_is_known_on_the_next_request(client_as, buyer_user):
    client = client_as("buyer")
    response = client.get(HOME)
    assert response.status_code == 200
    assert response.wsgi_request.user == buyer_user
    assert response.wsgi_request.user.get_all_permissions()  # the role's permissions came with the user


def test_an_expired_session_is_logged_out(client_as):
    client = client_as("buyer")
    Session.objects.all().update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(HOME)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_deactivated_user_is_logged_out(client_as, buyer_user):
    client = client_as("buyer")
    buyer_user.is_active = False
    buyer_user.save()
    response = client.get(HOME)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_deleted_user_is_logged_out(client_as, buyer_user):
    client = client_as("buyer")
    buyer_user.delete()
    assert client.get(HOME).status_code == 302


def test_a_changed_password_logs_other_sessions_out(client_as, buyer_user):
    client = client_as("buyer")
    buyer_user.set_password("an entirely new passphrase 42")
    buyer_user.save()
    assert client.get(HOME).status_code == 302


def test_an_unknown_session_key_is_anonymous(client):
    client.cookies["sessionid"] = "x" * 32
    assert client.get(HOME).status_code == 302
