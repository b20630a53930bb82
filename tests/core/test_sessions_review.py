"""Review of the fixed-statement readers (`core.sessions.SessionStore`, `RoleBackend.get_user`): each case
answered exactly as Django's own readers answer it (`django.contrib.sessions.backends.db`, `ModelBackend`)."""

from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.sessions.backends import db as django_db_sessions
from django.contrib.sessions.models import Session
from django.utils import timezone

from core.permissions import RoleBackend
from core.sessions import SessionStore

pytestmark = pytest.mark.django_db

KEY = "k" * 32


def _both(session_key):
    ours, django = SessionStore(session_key), django_db_sessions.SessionStore(session_key)
    return (ours.load(), ours.session_key), (django.load(), django.session_key)


def _row(expire_date, data=None):
    store = SessionStore()
    Session.objects.create(session_key=KEY, session_data=store.encode(data or {"answer": 42}), expire_date=expire_date)


@pytest.mark.parametrize("ahead", [timedelta(minutes=5), timedelta(microseconds=1), timedelta(seconds=-1)])
def test_a_session_is_read_as_django_reads_it(ahead):
    now = timezone.now().replace(microsecond=0)  # a whole second: SQLite compares datetimes as text
    _row(now + ahead)
    with mock.patch("django.utils.timezone.now", return_value=now):
        ours, django = _both(KEY)
    assert ours == django
    assert (ours[0] == {"answer": 42}) is (ahead > timedelta(0))


def test_a_session_expiring_at_this_very_moment_is_over_for_both():
    now = timezone.now()
    _row(now)
    with mock.patch("django.utils.timezone.now", return_value=now):
        ours, django = _both(KEY)
    assert ours == django == ({}, None)


@pytest.mark.parametrize("session_key", [KEY, "short", None, "x" * 40])
def test_an_unknown_or_invalid_key_is_forgotten_as_django_forgets_it(session_key):
    ours, django = _both(session_key)
    assert ours == django
    assert ours[1] is None  # never adopted: a later save gets a fresh key (no session fixation)


def test_tampered_session_data_reads_as_empty_as_in_django():
    Session.objects.create(session_key=KEY, session_data="not-signed", expire_date=timezone.now() + timedelta(hours=1))
    ours, django = _both(KEY)
    assert ours == django
    assert ours[0] == {}


@pytest.mark.parametrize("case", ["active", "inactive", "superuser", "missing"])
def test_the_session_user_is_read_as_model_backend_reads_it(django_user_model, case):
    user = django_user_model.objects.create_user(username="someone", password="pw", email="a@example.com")
    if case == "inactive":
        user.is_active = False
    if case == "superuser":
        user.is_superuser = user.is_staff = True
    user.last_login = timezone.now()
    user.save()
    pk = user.pk + 1000 if case == "missing" else user.pk
    ours, django = RoleBackend().get_user(pk), ModelBackend().get_user(pk)
    if django is None:
        assert ours is None
        return
    fields = [f.attname for f in django_user_model._meta.concrete_fields]
    assert {f: getattr(ours, f) for f in fields} == {f: getattr(django, f) for f in fields}
    assert type(ours.is_active) is bool and ours.last_login.tzinfo is not None
    assert ours.get_session_auth_hash() == django.get_session_auth_hash()
    assert ours.get_all_permissions() == django.get_all_permissions()
    assert ours._state.db == django._state.db and not ours._state.adding
