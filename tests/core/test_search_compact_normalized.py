"""The compact key of a normalized name (`core.search.NORMALIZED_COLUMN`): PostgreSQL indexes and asks it
as the text without spaces, SQLite keeps the full key in its FTS table; both find the same rows as a scan
of the full key, through their index, and the migration that re-creates the index can be undone."""

import pytest
from django.apps import apps
from django.db import connection, models
from django.test.utils import CaptureQueriesContext, isolate_apps

from contracts.names import NormalizedNameModel, normalize_name
from core import search

pytestmark = pytest.mark.django_db(transaction=True)

NAMES = ["DDM-2000 OC-12", "5ESS(R) Switch", "5ESS-2000 Switch", "oc 12 atm uplink", "OC12/STM-4", "R. 5.0"]


@pytest.fixture
def named_model():
    with isolate_apps("core"):

        class Named(models.Model):
            name = models.CharField(max_length=100)
            normalized_name = models.CharField(max_length=100)

            class Meta:
                app_label = "core"
                db_table = "core_search_test_named"

            def __str__(self):
                return self.name

        with connection.schema_editor() as editor:
            editor.create_model(Named)
            search.install(editor, Named, "normalized_name", "compact")
        try:
            yield Named
        finally:
            with connection.schema_editor() as editor:
                search.uninstall(editor, Named, "normalized_name", "compact")
                editor.delete_model(Named)


def found(model, term, *, scan=False):
    rows = search.compact_contains(model.objects.all(), term, "normalized_name", scan=scan)
    return sorted(rows.values_list("name", flat=True))


def full_key_scan(term):
    """The rows whose full compact key (every separator removed, lower-cased) holds `term`."""
    return sorted(name for name in NAMES if term in search.compact_key(normalize_name(name)))


@pytest.mark.parametrize("term", ["5ess", "5ess2000", "oc12", "ddm2000oc12", "stm4", "r50", "5essr", "oc", "zzz"])
def test_the_same_rows_as_the_full_key(named_model, term):
    named_model.objects.bulk_create(named_model(name=name, normalized_name=normalize_name(name)) for name in NAMES)
    assert found(named_model, term) == full_key_scan(term)
    assert found(named_model, term, scan=True) == full_key_scan(term)


def _postgresql_index_definition(table):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = %s AND indexname LIKE %s", [table, "%ctrgm"])
        return " ".join(row[0] for row in cursor.fetchall())


def _plan(sql):
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        try:
            cursor.execute("EXPLAIN " + sql)
            return " ".join(row[0] for row in cursor.fetchall())
        finally:
            cursor.execute("SET enable_seqscan = on")


@pytest.mark.postgres
def test_postgresql_asks_the_indexed_expression(named_model):
    named_model.objects.bulk_create(
        named_model(name=f"OC-{n} shelf", normalized_name=normalize_name(f"OC-{n} shelf")) for n in range(200)
    )
    definition = _postgresql_index_definition("core_search_test_named")
    assert "replace((normalized_name)::text, ' '::text, ''::text)" in definition
    assert "lower(" not in definition  # a normalized name is lower-case already: one call a row
    with CaptureQueriesContext(connection) as queries:
        assert found(named_model, "oc12") == ["OC-12 shelf", *(f"OC-12{n} shelf" for n in range(10))]
    plan = _plan(queries.captured_queries[-1]["sql"])
    assert "Index Scan" in plan and "Seq Scan" not in plan


def _state_of(model):
    """The migration state a `RecreateCompactIndex` reads its model from."""

    class State:
        class apps:
            @staticmethod
            def get_model(app_label, model_name):
                return model

    return State


@pytest.mark.postgres
def test_the_recreated_index_can_be_undone(named_model):
    operation = search.RecreateCompactIndex(model_name="named", field="normalized_name")

    State = _state_of(named_model)

    with connection.schema_editor() as editor:
        operation.database_backwards("core", editor, State, State)
    assert "lower(replace(replace(" in _postgresql_index_definition("core_search_test_named")
    with connection.schema_editor() as editor:
        operation.database_forwards("core", editor, State, State)
    definition = _postgresql_index_definition("core_search_test_named")
    assert "lower(" not in definition and "replace((normalized_name)::text, ' '::text, ''::text)" in definition


@pytest.mark.sqlite
def test_sqlite_keeps_its_full_key_table(named_model):
    operation = search.RecreateCompactIndex(model_name="named", field="normalized_name")
    named_model.objects.create(name="OC-12 shelf", normalized_name="oc 12 shelf")

    State = _state_of(named_model)

    with connection.schema_editor() as editor:
        operation.database_forwards("core", editor, State, State)
    assert found(named_model, "oc12") == ["OC-12 shelf"]


def test_every_normalized_name_column_holds_normalized_names():
    """The short key is right only for text `normalize_name` wrote: every model with the column keeps it so."""
    holders = [
        model
        for model in apps.get_models()
        if any(field.column == search.NORMALIZED_COLUMN for field in model._meta.concrete_fields)
        and not model.__name__.startswith("Historical")
    ]
    assert holders
    assert [model for model in holders if not issubclass(model, NormalizedNameModel)] == []
