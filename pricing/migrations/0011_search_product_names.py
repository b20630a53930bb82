"""Product names as compact keys (`core.search`): "oc12", "OC-12" and "OC 12" find the same products.

Built from the rows already there (SQLite fills its FTS table, PostgreSQL indexes the table).
"""

from django.db import migrations

from core.search import AddTextSearchIndex


class Migration(migrations.Migration):
    dependencies = [
        # After the saved quotes (another change of this round) so that the graph keeps one leaf.
        ("pricing", "0010_saved_quotes"),
    ]

    operations = [
        AddTextSearchIndex(model_name="product", field="normalized_name", kind="compact"),
        AddTextSearchIndex(model_name="productname", field="normalized_name", kind="compact"),
    ]
