"""History is append-only in the database itself, not just in the UI."""

import pytest
from django.apps import apps
from django.db import DatabaseError, connection, transaction

from contracts.models import Agreement, LegalEntity
from core.history_guard import install_history_guards

pytestmark = pytest.mark.django_db


@pytest.fixture
def guarded(seed):
    install_history_guards(apps, connection)  # idempotent; a transactional test may have dropped them
    return seed


@pytest.mark.parametrize(
    "statement",
    [
        pytest.param("TRUNCATE contracts_historicalagreement", marks=pytest.mark.postgres),
        "UPDATE contracts_historicalagreement SET title = 'forged'",
        "DELETE FROM contracts_historicalagreement",
        "UPDATE contracts_historicallegalentity SET history_change_reason = 'forged'",
    ],
)
def test_raw_sql_cannot_rewrite_history(guarded, statement):
    before = list(Agreement.history.values_list("title", flat=True))
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        if statement.startswith("TRUNCATE"):
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # PostgreSQL truncates only without pending checks
        cursor.execute(statement)
    assert list(Agreement.history.values_list("title", flat=True)) == before


def _guarded_tables():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT event_object_table FROM information_schema.triggers "
                "WHERE trigger_name LIKE '%%_append_only' AND event_manipulation IN ('UPDATE', 'DELETE')"
            )
        else:
            cursor.execute("SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_no_%'")
        return {row[0] for row in cursor.fetchall()}


def test_every_history_table_is_guarded(guarded):
    from core.history_guard import history_tables

    tables = history_tables(apps)
    assert "contracts_historicalagreement" in tables
    assert set(tables) <= _guarded_tables()


def test_normal_writes_still_append_history(guarded):
    entity = LegalEntity.objects.get(slug="kmc-telecom-v")
    entity_id = entity.pk
    entity.note = "appended"
    entity.save()
    entity.delete()
    assert LegalEntity.history.filter(id=entity_id).count() == 3
