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
