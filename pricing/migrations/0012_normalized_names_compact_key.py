"""Product names' compact index on PostgreSQL keyed as the queries now ask it: a normalized name without its
spaces, one REPLACE a row instead of fifteen calls (`core.search.NORMALIZED_COLUMN`). SQLite: no change.
"""

from django.db import migrations

from core.search import RecreateCompactIndex


class Migration(migrations.Migration):
    dependencies = [
        ("pricing", "0011_search_product_names"),
    ]

    operations = [
        RecreateCompactIndex(model_name="product", field="normalized_name"),
        RecreateCompactIndex(model_name="productname", field="normalized_name"),
    ]
