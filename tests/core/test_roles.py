"""The three roles exist after migrate and hold exactly their permissions."""

import pytest
from django.contrib.auth.models import Group

from core.roles import AUDITORS, BUYERS, CONTRACT_ADMINS

pytestmark = pytest.mark.django_db


def test_roles_are_created_by_migrations():
    assert set(Group.objects.values_list("name", flat=True)) >= {CONTRACT_ADMINS, BUYERS, AUDITORS}


@pytest.mark.parametrize(
    ("role", "allowed", "denied"),
    [
        (
            "admin",
            [
                "contracts.change_agreement",
                "contracts.add_amendment",
                "core.view_history",
                "contracts.view_historicalagreement",
                "core.price_quote",
            ],
            ["contracts.change_historicalagreement"],
        ),
        (
            "buyer",
            ["contracts.view_agreement", "core.price_quote"],
            ["contracts.change_agreement", "core.view_history", "contracts.view_historicalagreement"],
        ),
        (
            "auditor",
            ["contracts.view_agreement", "core.view_history", "contracts.view_historicalagreement"],
            ["contracts.change_agreement", "contracts.delete_legalentity", "core.price_quote"],
        ),
    ],
)
def test_role_permissions(users, role, allowed, denied):
    user = users[role]
    for perm in allowed:
        assert user.has_perm(perm), perm
    for perm in denied:
        assert not user.has_perm(perm), perm


def test_every_domain_model_is_covered(users):
    from django.apps import apps

    for app_label in ("contracts", "pricing", "releases"):
        for model in apps.get_app_config(app_label).get_models():
            name = model._meta.model_name
            if name.startswith("historical"):
                continue
            assert users["buyer"].has_perm(f"{app_label}.view_{name}"), name
            assert users["admin"].has_perm(f"{app_label}.change_{name}"), name
            assert not users["auditor"].has_perm(f"{app_label}.change_{name}"), name


def test_platform_permissions_survive_remove_stale_contenttypes():
    """`core.view_history` and `core.price_quote` hang on a real model (core.Ledgerline), not a stale type."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command

    ContentType.objects.create(app_label="core", model="nosuchmodel")  # proves the command does remove
    call_command("remove_stale_contenttypes", interactive=False, verbosity=0)

    assert not ContentType.objects.filter(app_label="core", model="nosuchmodel").exists()
    held = {
        role: set(
            Group.objects.get(name=role)
            .permissions.filter(content_type__app_label="core")
            .values_list("codename", flat=True)
        )
        for role in (CONTRACT_ADMINS, BUYERS, AUDITORS)
    }
    assert held == {
        CONTRACT_ADMINS: {"view_history", "price_quote", "review_findings"},
        BUYERS: {"price_quote"},
        AUDITORS: {"view_history", "review_findings"},
    }
    assert Permission.objects.get(codename="view_history").content_type.model_class().__name__ == "Ledgerline"


def test_roles_name_no_domain_app():
    """The domain apps are found by rule (their models keep history), not listed in the platform."""
    from core.history import audited_app_labels

    assert audited_app_labels() == ["contracts", "pricing", "releases", "drafts", "purchases", "obligations"]


def test_buyers_enter_what_an_app_lists_and_nothing_more():
    """`buyers_enter` on purchases' AppConfig: buyers add and change purchases, never delete them."""
    buyers = set(
        Group.objects.get(name=BUYERS)
        .permissions.filter(content_type__app_label="purchases")
        .values_list("codename", flat=True)
    )
    auditors = set(
        Group.objects.get(name=AUDITORS)
        .permissions.filter(content_type__app_label="purchases")
        .values_list("codename", flat=True)
    )
    assert buyers == {"add_purchase", "change_purchase", "view_purchase"}
    assert auditors == {"view_purchase", "view_historicalpurchase"}
