"""Entity names' compact index on PostgreSQL keyed as the queries now ask it: a normalized name without its
spaces, one REPLACE a row instead of fifteen calls (`core.search.NORMALIZED_COLUMN`). SQLite: no change.
"""

from django.db import migrations

from core.search import RecreateCompactIndex


class Migration(migrations.Migration):
    dependencies = [
        ("contracts", "0010_search_indexes"),
    ]

    operations = [
        RecreateCompactIndex(model_name="legalentity", field="normalized_name"),
        RecreateCompactIndex(model_name="entityname", field="normalized_name"),
    ]
