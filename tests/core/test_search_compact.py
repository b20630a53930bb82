"""Compact and full-text indexes (`core.search`): the same answers as a scan, served by an index,
following inserts, updates, deletes and table rebuilds; queries cut into terms."""

import pytest
from django.db import connection, models
from django.test.utils import CaptureQueriesContext, isolate_apps

from core import search

pytestmark = pytest.mark.django_db(transaction=True)

NAMES = ["DDM-2000 OC-12", "FT-2000 OC-48", "R. 5.0", "5ESS(R) Switch", "oc 12 atm uplink", "OC12/STM-4"]
TEXTS = [
    "Seller will provide Customer with two tuition-free seats at a training course.",
    "The terms and conditions contained in this Amendment constitute the entire agreement.",
    "Nothing here.",
]


@pytest.fixture
def row_model():
    with isolate_apps("core"):

        class Row(models.Model):
            name = models.CharField(max_length=100)
            text = models.TextField(blank=True)

            class Meta:
                app_label = "core"
                db_table = "core_search_test_row"

            def __str__(self):
                return self.name

        with connection.schema_editor() as editor:
            editor.create_model(Row)
            search.install(editor, Row, "name", "compact")
            search.install(editor, Row, "text", "words")
        try:
            yield Row
        finally:
            with connection.schema_editor() as editor:
                search.uninstall(editor, Row, "name", "compact")
                search.uninstall(editor, Row, "text", "words")
                editor.delete_model(Row)


def compact_found(model, term):
    return sorted(search.compact_contains(model.objects.all(), term, "name").values_list("name", flat=True))


def scan(term):
    return sorted(name for name in NAMES if term in search.compact_key(name.lower()).replace("(", "").replace(")", ""))


@pytest.mark.parametrize("term", ["oc12", "ddm2000", "r50", "5essr", "stm4", "oc", "zzz"])
def test_compact_same_answers_as_a_scan(row_model, term):
    row_model.objects.bulk_create(row_model(name=name) for name in NAMES)
    assert compact_found(row_model, term) == scan(term)


def test_compact_index_follows_updates_and_deletes(row_model):
    row = row_model.objects.create(name="DDM-2000 OC-12")
    assert compact_found(row_model, "oc12") == ["DDM-2000 OC-12"]
    row_model.objects.filter(pk=row.pk).update(name="FT-2000 OC-48")
    assert compact_found(row_model, "oc12") == []
    assert compact_found(row_model, "oc48") == ["FT-2000 OC-48"]
    row_model.objects.all().delete()
    assert compact_found(row_model, "oc48") == []


def test_rows_present_before_the_index_are_found(row_model):
    with connection.schema_editor() as editor:
        search.uninstall(editor, row_model, "name", "compact")
        search.uninstall(editor, row_model, "text", "words")
    row_model.objects.create(name="R. 5.0", text=TEXTS[0])
    with connection.schema_editor() as editor:
        search.install(editor, row_model, "name", "compact")
        search.install(editor, row_model, "text", "words")
    assert compact_found(row_model, "r50") == ["R. 5.0"]
    assert search.has_words(row_model.objects.all(), ["seat"], "text").count() == 1


def test_words_are_stemmed_and_phrases_kept_in_order(row_model):
    row_model.objects.bulk_create(row_model(name=str(n), text=text) for n, text in enumerate(TEXTS))

    def texts(*words):
        return [row.text for row in search.has_words(row_model.objects.all(), words, "text")]

    assert texts("seat") == [TEXTS[0]]
    assert texts("tuition", "free", "seats") == [TEXTS[0]]
    assert texts("seats", "free") == []
    assert texts("entire", "agreement") == [TEXTS[1]]
    assert texts('near("x"') == []  # FTS5 syntax is read as text


def test_compact_and_words_queries_use_their_indexes(row_model):
    row_model.objects.bulk_create(row_model(name=f"OC-{n} shelf", text=f"word{n} text") for n in range(200))
    for queryset in (
        search.compact_contains(row_model.objects.all(), "oc12", "name"),
        search.has_words(row_model.objects.all(), ["word12"], "text"),
    ):
        with CaptureQueriesContext(connection) as queries:
            list(queryset)
        sql = queries.captured_queries[-1]["sql"]
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("EXPLAIN QUERY PLAN " + sql)
                plan = " ".join(str(row) for row in cursor.fetchall())
                assert "VIRTUAL TABLE INDEX" in plan
            else:
                cursor.execute("SET enable_seqscan = off")
                cursor.execute("EXPLAIN " + sql)
                plan = " ".join(row[0] for row in cursor.fetchall())
                cursor.execute("SET enable_seqscan = on")
                assert "Index Scan" in plan and "Seq Scan" not in plan


def test_the_compact_index_follows_its_table_after_a_rebuild(row_model):
    with connection.schema_editor() as editor:
        old_field = row_model._meta.get_field("name")
        new_field = models.CharField(max_length=200)
        new_field.set_attributes_from_name("name")
        new_field.model = row_model
        editor.alter_field(row_model, old_field, new_field)
    row_model.objects.create(name="After OC-12")
    if connection.vendor == "sqlite":
        assert search.resync_sqlite(connection) == 2  # the compact and the words table
    assert compact_found(row_model, "oc12") == ["After OC-12"]
    assert search.resync_sqlite(connection) == 0


@pytest.mark.parametrize(
    ("normalized", "terms"),
    [
        ("oc12", ["oc12"]),
        ("oc 12", ["oc12"]),
        ("ddm 2000 oc 12", ["ddm", "2000", "oc12"]),
        ("5ess large growth", ["5ess", "large", "growth"]),
        ("r 5 0", ["r50"]),
        ("amendment 3", ["amendment", "3"]),
        ("a", ["a"]),
        ("", []),
        (" ".join(f"word{n}" for n in range(20)), [f"word{n}" for n in range(search.MAX_TERMS)]),
    ],
)
def test_name_terms(normalized, terms):
    assert search.name_terms(normalized) == terms


def test_word_terms_leave_out_stop_words():
    assert search.word_terms("the entire agreement of the parties") == ["entire", "agreement", "parties"]


def test_the_operation_deconstructs_with_its_kind():
    operation = search.AddTextSearchIndex(model_name="product", field="normalized_name", kind="compact")
    assert operation.deconstruct() == (
        "AddTextSearchIndex",
        [],
        {"model_name": "product", "field": "normalized_name", "kind": "compact"},
    )
    assert operation.migration_name_fragment == "product_normalized_name_compact_search"
