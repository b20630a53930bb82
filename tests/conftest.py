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
    """PostgreSQL: re-read the statistics of the tables this transaction wrote rows to, after a test
    bulk-loads rows inside its own transaction (ANALYZE there sees them; autovacuum, off in tests, would not).

    Only those tables: ANALYZE of a table holding nothing but earlier tests' rolled-back rows
    records "no rows in N pages", and that survives the rollback (pg_class is updated in place), so
    every later test's rows in that table would be planned as one (see `_planner_statistics_stay_sane`).
    """
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        # The tables this transaction wrote rows to and did not empty: counted by PostgreSQL, no scan.
        cursor.execute(
            "SELECT format('%I.%I', schemaname, relname) FROM pg_stat_xact_user_tables WHERE n_tup_ins > n_tup_del"
        )
        written = [table for (table,) in cursor.fetchall()]
        if written:
            cursor.execute(f"ANALYZE {', '.join(written)}")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, with autovacuum off for its tables on PostgreSQL (`_planner_statistics_stay_sane`).

    At the end, on PostgreSQL, connections a test's threads left open are closed first: the database
    cannot be dropped while anyone is connected to it, and would be left behind.
    """
    from django.db import connection

    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            _planner_statistics_stay_sane(connection)
    yield
    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    # Only the role's own client connections: autovacuum workers leave by themselves on
                    # DROP DATABASE, and signalling them needs a superuser.
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid() AND backend_type = 'client backend' AND usename = current_user"
                )


def _planner_statistics_stay_sane(connection):
    """Keep autovacuum away from the test database's tables.

    Each test writes its rows in a transaction that is rolled back, so the tables fill with dead rows.
    Autovacuum, vacuuming or analyzing a table in the middle of a test, counts that test's
    uncommitted rows as absent and cannot truncate the pages they sit on: it records "no rows in N
    pages", and from then on the planner takes every table so marked for one row. A test that had just
    written 500 releases then planned nested loops over them, and a CI run hung past its time limit.
    Without autovacuum a table keeps "never analyzed", which the planner sizes from its pages, or the
    statistics a test took with `refresh_planner_statistics`.
    """
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(
                f"ALTER TABLE {connection.ops.quote_name(table)} "
                "SET (autovacuum_enabled = false, toast.autovacuum_enabled = false)"
            )
