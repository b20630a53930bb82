"""The session's user comes with their permissions, read in the same statement (`RoleBackend.get_user`):
the same set `ModelBackend` reads, afresh on every read, app labels included (no per-process cache of
content types: a fresh worker's first read is one statement too)."""

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.permissions import RoleBackend
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def _read(user):
    with CaptureQueriesContext(connection) as captured:
        read = RoleBackend().get_user(user.pk)
    return read, [query["sql"] for query in captured.captured_queries]


def _djangos(user):
    return ModelBackend().get_all_permissions(type(user).objects.get(pk=user.pk))


@pytest.mark.parametrize("role", ["admin", "buyer", "auditor", None])
def test_the_user_comes_with_the_permissions_model_backend_reads(django_user_model, role):
    user = make_user(django_user_model, f"read-{role}", role)
    user.user_permissions.add(Permission.objects.get(codename="view_session"))
    read, _ = _read(user)
    assert read._perm_cache == _djangos(user)
    assert "sessions.view_session" in read._perm_cache


def test_a_user_is_one_statement_with_their_permissions(django_user_model):
    user = make_user(django_user_model, "read-once", "buyer")
    ContentType.objects.clear_cache()  # as in a fresh worker
    read, statements = _read(user)
    assert len(statements) == 1 and read._perm_cache == _djangos(user)
    with CaptureQueriesContext(connection) as captured:
        assert read.has_perm("contracts.view_agreement") and not read.has_perm("core.view_history")
        assert read.get_all_permissions() == read._perm_cache
    assert captured.captured_queries == []


def test_a_renamed_permission_is_read_by_its_new_name(django_user_model):
    user = make_user(django_user_model, "read-renamed", "buyer")
    _read(user)
    permission = Permission.objects.get(content_type__app_label="contracts", codename="view_agreement")
    permission.codename = "read_agreement"
    permission.save()
    read, _ = _read(user)
    assert "contracts.read_agreement" in read._perm_cache and "contracts.view_agreement" not in read._perm_cache
    assert read._perm_cache == _djangos(user)


def test_a_codename_with_a_dot_keeps_it(django_user_model):
    user = make_user(django_user_model, "read-dotted")
    dotted = Permission.objects.create(
        codename="export.csv", name="Export as CSV", content_type=ContentType.objects.get_for_model(Group)
    )
    user.user_permissions.add(dotted)
    assert _read(user)[0]._perm_cache == {"auth.export.csv"} == _djangos(user)


def test_grants_given_and_taken_are_read_at_the_next_read(django_user_model):
    user = make_user(django_user_model, "read-taken", "auditor")
    assert "core.view_history" in _read(user)[0]._perm_cache
    user.groups.clear()
    assert _read(user)[0]._perm_cache == set() == _djangos(user)
    user.groups.add(Group.objects.get(name="Auditors"))
    assert "core.view_history" in _read(user)[0]._perm_cache


def test_inactive_users_are_not_read_and_superusers_have_every_permission(django_user_model):
    gone = make_user(django_user_model, "read-gone", "admin")
    gone.is_active = False
    gone.save()
    assert RoleBackend().get_user(gone.pk) is None
    boss = django_user_model.objects.create_superuser("read-boss", password="pw-boss")
    read, _ = _read(boss)
    assert not hasattr(read, "_perm_cache")  # left to ModelBackend: every permission
    assert (
        read.get_all_permissions()
        == _djangos(boss)
        == {
            f"{app_label}.{codename}"
            for app_label, codename in Permission.objects.values_list("content_type__app_label", "codename")
        }
    )
