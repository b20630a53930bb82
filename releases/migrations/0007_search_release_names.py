"""Exhibit B's names as compact keys (`core.search`): a release as written, its group and product line.

Built from the rows already there (SQLite fills its FTS table, PostgreSQL indexes the table).
"""

from django.db import migrations

from core.search import AddTextSearchIndex


class Migration(migrations.Migration):
    dependencies = [
        ("releases", "0006_release_row_keys"),
    ]

    operations = [
        AddTextSearchIndex(model_name="release", field="name_as_written", kind="compact"),
        AddTextSearchIndex(model_name="releasegroup", field="name", kind="compact"),
        AddTextSearchIndex(model_name="productline", field="name", kind="compact"),
    ]
