"""Users, groups and permissions are audited: who granted what to whom, when and why."""

import io

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission, User
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from bench.load.client import form_fields
from core.history import (
    RECORDED_BY_MIGRATE,
    ROLES_SYNCED_BY_MIGRATE,
    audited_app_labels,
    audited_models,
    record_unrecorded_accounts,
)
from core.history_guard import history_tables
from core.roles import AUDITORS, BUYERS, CONTRACT_ADMINS
from core.tamper import LIVE_UNRECORDED, verify_history

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.com", "pw-root")


@pytest.fixture
def root_client(client, superuser):
    client.force_login(superuser)
    return client


def change_user(client, user, *, groups, reason="", **changes):
    url = reverse("admin:auth_user_change", args=[user.pk])
    data = form_fields(client.get(url).content.decode())
    data.pop("csrfmiddlewaretoken", None)
    data.update({"groups": [g.pk for g in groups], "user_permissions": [], "change_reason": reason, **changes})
    return client.post(url, data)


def test_users_and_groups_are_audited_but_auth_is_no_domain_app():
    assert {"auth.user", "auth.group"} <= {m._meta.label_lower for m in audited_models()}
    assert audited_app_labels() == ["contracts", "pricing", "releases", "drafts", "purchases", "obligations"]
    assert {
        "core_historicaluser",
        "core_historicalgroup",
        "core_historicaluser_groups",
        "core_historicaluser_user_permissions",
        "core_historicalgroup_permissions",
        "core_historylink",
    } <= set(history_tables(apps))


def test_contract_admins_cannot_grant_anything(users):
    for role in ("admin", "buyer", "auditor"):
        assert not users[role].has_perm("auth.change_user")
        assert not users[role].has_perm("auth.change_group")


def test_granting_a_group_in_the_admin_asks_why_and_records_who_what_whom(root_client, superuser, buyer_user):
    refused = change_user(root_client, buyer_user, groups=[Group.objects.get(name=AUDITORS)])
    assert refused.status_code == 200
    assert "Say why you are changing this record" in refused.content.decode()
    assert list(buyer_user.groups.values_list("name", flat=True)) == [BUYERS]

    granted = change_user(
        root_client, buyer_user, groups=[Group.objects.get(name=AUDITORS)], reason="Moved to internal audit (T-4411)"
    )
    assert granted.status_code == 302
    assert list(buyer_user.groups.values_list("name", flat=True)) == [AUDITORS]
    assert User.history.filter(id=buyer_user.pk, history_user=superuser).count() == 1  # one save, one row
    latest = User.history.filter(id=buyer_user.pk).latest("history_id")
    assert latest.history_user == superuser
    assert latest.history_change_reason == "Moved to internal audit (T-4411)"
    assert {row.group.name for row in latest.groups.all()} == {AUDITORS}

    page = root_client.get(reverse("core:object_history", args=["auth", "user", buyer_user.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Moved to internal audit (T-4411)" in body
    assert "<code>groups</code>: Buyers → Auditors" in body
    assert "password" not in body.lower().replace("password validation", "")


def test_the_audit_log_lists_account_changes(root_client, client_as, buyer_user):
    change_user(root_client, buyer_user, groups=[], reason="Left the buying team")
    page = client_as("auditor").get(reverse("ledger:audit_log"), {"model": "auth.user"})
    assert page.status_code == 200
    assert "Left the buying team" in page.content.decode()
    assert verify_history().ok


def test_group_permission_changes_are_recorded_with_the_reason(root_client, superuser):
    group = Group.objects.create(name="Contract readers")
    permission = Permission.objects.get(codename="view_agreement")
    url = reverse("admin:auth_group_change", args=[group.pk])
    data = form_fields(root_client.get(url).content.decode())
    data.update({"permissions": [permission.pk], "change_reason": "Readers may see agreements"})
    response = root_client.post(url, data)
    assert response.status_code == 302
    assert Group.history.filter(id=group.pk, history_user=superuser).count() == 1  # one save, one row
    latest = Group.history.filter(id=group.pk).latest("history_id")
    assert latest.history_change_reason == "Readers may see agreements"
    assert latest.history_user == superuser
    assert [row.permission_id for row in latest.permissions.all()] == [permission.pk]
    assert verify_history().ok


def test_no_password_hash_and_no_row_per_login(client, buyer_user):
    assert "password" not in {f.name for f in User.history.model._meta.get_fields()}
    before = User.history.filter(id=buyer_user.pk).count()
    response = client.post(reverse("login"), {"username": buyer_user.username, "password": "pw-buyer-1"})
    assert response.status_code == 302
    buyer_user.refresh_from_db()
    assert buyer_user.last_login is not None
    assert User.history.filter(id=buyer_user.pk).count() == before


def test_changes_from_the_group_side_are_recorded_on_the_user(buyer_user):
    auditors = Group.objects.get(name=AUDITORS)
    auditors._change_reason = "Audit season"
    auditors.user_set.add(buyer_user)
    latest = User.history.filter(id=buyer_user.pk).latest("history_id")
    assert {row.group.name for row in latest.groups.all()} == {BUYERS, AUDITORS}
    assert latest.history_change_reason == "Audit season"
    auditors.user_set.clear()
    latest = User.history.filter(id=buyer_user.pk).latest("history_id")
    assert {row.group.name for row in latest.groups.all()} == {BUYERS}
    assert verify_history().ok


def test_users_are_never_deleted_and_groups_with_members_neither(root_client, buyer_user):
    assert root_client.get(reverse("admin:auth_user_delete", args=[buyer_user.pk])).status_code == 403
    buyers = Group.objects.get(name=BUYERS)
    assert root_client.get(reverse("admin:auth_group_delete", args=[buyers.pk])).status_code == 403
    empty = Group.objects.create(name="Nobody yet")
    response = root_client.post(
        reverse("admin:auth_group_delete", args=[empty.pk]), {"post": "yes", "reason": "Created by mistake"}
    )
    assert response.status_code == 302
    deleted = Group.history.filter(id=empty.pk).latest("history_id")
    assert (deleted.history_type, deleted.history_change_reason) == ("-", "Created by mistake")


def test_contract_admins_are_kept_out_of_the_user_admin(client_as):
    assert client_as("admin").get(reverse("admin:auth_user_changelist")).status_code == 403


def test_role_groups_have_history_from_migrate():
    for role in (CONTRACT_ADMINS, BUYERS, AUDITORS):
        group = Group.objects.get(name=role)
        first = Group.history.filter(id=group.pk).earliest("history_id")
        assert (first.history_type, first.history_change_reason) == ("+", ROLES_SYNCED_BY_MIGRATE)
        latest = Group.history.filter(id=group.pk).latest("history_id")
        assert {row.permission_id for row in latest.permissions.all()} == set(
            group.permissions.values_list("pk", flat=True)
        )
    assert verify_history().ok


def test_accounts_made_outside_the_app_are_reported_then_recorded_by_migrate():
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, email, is_staff, "
            "is_active, date_joined) VALUES ('!', %s, 'backdoor', '', '', '', %s, %s, %s)",
            [True, True, True, "2026-01-01 00:00:00"],
        )
    report = verify_history()
    assert [(p.kind, p.where.split(" #")[0]) for p in report.problems] == [(LIVE_UNRECORDED, "auth.user")]
    assert record_unrecorded_accounts("default") == 1
    backdoor = User.history.get(username="backdoor")
    assert backdoor.history_change_reason == RECORDED_BY_MIGRATE and backdoor.is_superuser
    assert backdoor.history_type == "+"
    assert verify_history().ok


def test_create_demo_users_still_works(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("create_demo_users", stdout=out)
    call_command("create_demo_users", stdout=out)
    assert "created admin" in out.getvalue() and "kept admin" in out.getvalue()
    admin = User.objects.get(username="admin")
    assert list(admin.groups.values_list("name", flat=True)) == [CONTRACT_ADMINS]
    latest = User.history.filter(id=admin.pk).latest("history_id")
    assert {row.group.name for row in latest.groups.all()} == {CONTRACT_ADMINS}
    assert verify_history().ok
