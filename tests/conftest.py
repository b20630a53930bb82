"""Fixtures shared by every test: users per role, the seed agreement loaded, clients."""

import io
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from core.roles import AUDITORS, BUYERS, CONTRACT_ADMINS

SEED_FILE = Path(__file__).resolve().parent.parent / "data" / "kmc_lucent.yaml"
ROLE_GROUPS = {"admin": CONTRACT_ADMINS, "buyer": BUYERS, "auditor": AUDITORS}


def make_user(django_user_model, username, role=None, *, staff=False):
    user = django_user_model.objects.create_user(username=username, password="pw-" + username)
    if role:
        user.groups.add(Group.objects.get(name=ROLE_GROUPS[role]))
    if staff:
        user.is_staff = True
        user.save()
    return user


@pytest.fixture
def admin_user(django_user_model):
    """A contract admin (group member and staff, so the Django admin works)."""
    return make_user(django_user_model, "contract-admin", "admin", staff=True)


@pytest.fixture
def buyer_user(django_user_model):
    return make_user(django_user_model, "buyer-1", "buyer")


@pytest.fixture
def auditor_user(django_user_model):
    return make_user(django_user_model, "auditor-1", "auditor")


@pytest.fixture
def users(admin_user, buyer_user, auditor_user):
    return {"admin": admin_user, "buyer": buyer_user, "auditor": auditor_user}


@pytest.fixture
def client_as(client, users):
    """`client_as("buyer")` logs the test client in with that role and returns it."""

    def login(role):
        client.force_login(users[role])
        return client

    return login


@pytest.fixture
def api_client_as(users):
    """`api_client_as("buyer")`: a DRF APIClient authenticated as that role."""
    from rest_framework.test import APIClient

    def login(role):
        api = APIClient()
        api.force_authenticate(users[role])
        return api

    return login


@pytest.fixture
def seed(db):
    """The seed agreement loaded with `load_agreement`, as `make run` does."""
    from contracts.models import Agreement

    call_command("load_agreement", str(SEED_FILE), stdout=io.StringIO())
    return Agreement.objects.get(contract_number="LNM970313MP")


@pytest.fixture(autouse=True)
def _history_guards_allow_sqlite_flush(request):
    """SQLite flushes a transactional test's database with DELETE, which the history guards refuse.

    PostgreSQL flushes with TRUNCATE and keeps its guards. Tests of the guards install them first.
    """
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or any(
        name in request.fixturenames for name in ("transactional_db", "live_server")
    )
    if not transactional:
        yield
        return
    request.getfixturevalue("_django_db_helper")
    yield
    from django.apps import apps
    from django.db import connection

    from core.history_guard import remove_history_guards

    if connection.vendor == "sqlite":
        remove_history_guards(apps, connection)


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` run only when DATABASE_URL points at PostgreSQL (deselected, not skipped)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    selected = [item for item in items if not item.get_closest_marker("postgres")]
    deselected = [item for item in items if item.get_closest_marker("postgres")]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected
