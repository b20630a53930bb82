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


def _domain_tables():
    from django.apps import apps

    from core.history import audited_app_labels

    return [m for label in audited_app_labels() for m in apps.get_app_config(label).get_models()]


@pytest.fixture(scope="session")
def seed_rows(django_db_setup, django_db_blocker):
    """The rows `load_agreement` writes for the seed file, captured once per test session.

    Loading the seed takes seconds; copying its rows back takes milliseconds. The capture runs in
    a transaction that is rolled back, so the test database itself stays empty.
    """
    from django.db import connection, transaction

    rows = []
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_agreement", str(SEED_FILE), stdout=io.StringIO())
        # As `make run` does: the filing the seed was transcribed from, as the agreement's document.
        call_command(
            "attach_document",
            agreement="LNM970313MP",
            title="SEC filing exhibits (EX-10.8 to EX-27.1)",
            path=str(SEED_FILE.parent / "sources" / "000_310fd50be46fe4d8.txt"),
            stdout=io.StringIO(),
        )
        with connection.cursor() as cursor:
            for model in _domain_tables():
                table = connection.ops.quote_name(model._meta.db_table)
                cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - table names come from the models
                columns = [c[0] for c in cursor.description]
                rows.append((model, columns, cursor.fetchall()))
        transaction.set_rollback(True)
    return rows


@pytest.fixture
def seed(db, seed_rows):
    """The seed agreement exactly as `load_agreement` loads it (as `make run` does), history included."""
    from django.core.management.color import no_style
    from django.db import connection

    from contracts.models import Agreement

    with connection.cursor() as cursor:
        for model, columns, values in seed_rows:
            if not values:
                continue
            table = connection.ops.quote_name(model._meta.db_table)
            names = ", ".join(connection.ops.quote_name(c) for c in columns)
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", values)  # noqa: S608
        for statement in connection.ops.sequence_reset_sql(no_style(), [m for m, _, _ in seed_rows]):
            cursor.execute(statement)
    return Agreement.objects.get(contract_number="LNM970313MP")


@pytest.fixture(autouse=True)
def _history_guards_allow_flush(request):
    """A transactional test's database is flushed afterwards (DELETE or TRUNCATE), which the history
    guards refuse; they are lifted for the flush and put back by the post_migrate signal it sends.
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

    remove_history_guards(apps, connection)


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` run only when DATABASE_URL points at PostgreSQL, tests marked `sqlite` only
    on SQLite (deselected, not skipped: CI runs the suite on both)."""
    from django.db import connection

    other = "sqlite" if connection.vendor == "postgresql" else "postgres"
    selected = [item for item in items if not item.get_closest_marker(other)]
    deselected = [item for item in items if item.get_closest_marker(other)]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected


def refresh_planner_statistics():
    """PostgreSQL: re-read table statistics after a test bulk-loads rows inside its own transaction.

    Autovacuum cannot see uncommitted rows, so the statistics still describe whatever earlier tests
    committed and flushed; a plan made for a table "of 5 rows" that holds 20,000 can take minutes.
    In production autovacuum keeps them current. ANALYZE inside a transaction sees its own rows.
    """
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
