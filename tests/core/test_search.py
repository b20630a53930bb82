"""Indexed substring search (`core.search`): same answers as LIKE, served by an index."""

import pytest
from django.db import connection, models
from django.test.utils import CaptureQueriesContext, isolate_apps

from core import search

pytestmark = pytest.mark.django_db(transaction=True)

WORDS = ["5ess switch", "5ess-2000 large growth", "ft-2000 oc-48", "kmc telecom of virginia", 'quote "x" 100%', "oc"]


@pytest.fixture
def word_model():
    with isolate_apps("core"):

        class Word(models.Model):
            normalized_name = models.CharField(max_length=100)

            class Meta:
                app_label = "core"
                db_table = "core_search_test_word"

            def __str__(self):
                return self.normalized_name

        with connection.schema_editor() as editor:
            editor.create_model(Word)
            search.install(editor, Word, "normalized_name")
        try:
            yield Word
        finally:
            with connection.schema_editor() as editor:
                search.uninstall(editor, Word, "normalized_name")
                editor.delete_model(Word)


def found(model, text):
    return sorted(search.contains(model.objects.all(), text).values_list("normalized_name", flat=True))


@pytest.mark.parametrize("text", ["5ess", "2000", "large gr", "virginia", '"x"', "100%", "oc", "e", "nothing here"])
def test_same_answers_as_a_scan(word_model, text):
    word_model.objects.bulk_create(word_model(normalized_name=w) for w in WORDS)
    assert found(word_model, text) == sorted(w for w in WORDS if text in w)


def test_index_follows_updates_and_deletes(word_model):
    word = word_model.objects.create(normalized_name="5ess switch")
    word_model.objects.filter(pk=word.pk).update(normalized_name="7r/e packet")
    assert found(word_model, "5ess") == []
    assert found(word_model, "packet") == ["7r/e packet"]
    word_model.objects.all().delete()
    assert found(word_model, "packet") == []


def test_rows_present_before_the_index_are_found(word_model):
    with connection.schema_editor() as editor:
        search.uninstall(editor, word_model, "normalized_name")
    word_model.objects.create(normalized_name="older row")
    with connection.schema_editor() as editor:
        search.install(editor, word_model, "normalized_name")
    assert found(word_model, "older") == ["older row"]


def test_query_uses_the_index_not_a_scan(word_model):
    word_model.objects.bulk_create(word_model(normalized_name=f"product {n}") for n in range(200))
    with CaptureQueriesContext(connection) as queries:
        list(search.contains(word_model.objects.all(), "duct 1"))
    sql = queries.captured_queries[-1]["sql"]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            assert "MATCH" in sql
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
            plan = " ".join(str(row) for row in cursor.fetchall())
            assert "VIRTUAL TABLE INDEX" in plan
        else:
            cursor.execute("SET enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql)
            plan = " ".join(row[0] for row in cursor.fetchall())
            cursor.execute("SET enable_seqscan = on")
            assert "trgm" in plan and "Seq Scan" not in plan


def test_the_migration_operation_deconstructs():
    operation = search.AddTextSearchIndex(model_name="legalentity", field="normalized_name")
    assert operation.deconstruct() == (
        "AddTextSearchIndex",
        [],
        {"model_name": "legalentity", "field": "normalized_name"},
    )
    assert operation.migration_name_fragment == "legalentity_normalized_name_text_search"


def rebuild_column(model):
    with connection.schema_editor() as editor:
        old_field = model._meta.get_field("normalized_name")
        new_field = models.CharField(max_length=200)
        new_field.set_attributes_from_name("normalized_name")
        new_field.model = model
        editor.alter_field(model, old_field, new_field)


def test_the_index_follows_its_table_after_a_migration_changes_it(word_model):
    rebuild_column(word_model)  # SQLite rebuilds the table, dropping its triggers; PostgreSQL alters it
    word_model.objects.create(normalized_name="after the rebuild")
    if connection.vendor == "sqlite":
        assert found(word_model, "rebuild") == []  # until the triggers are re-created
        assert search.resync_sqlite(connection) == 1
    assert found(word_model, "rebuild") == ["after the rebuild"]
    assert search.resync_sqlite(connection) == 0
