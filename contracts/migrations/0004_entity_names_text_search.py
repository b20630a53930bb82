"""Substring search on every name an entity goes by, through an index (`core.search`)."""

from django.db import migrations

from core.search import AddTextSearchIndex


class Migration(migrations.Migration):
    dependencies = [
        ("contracts", "0003_list_order_indexes"),
    ]

    operations = [
        AddTextSearchIndex(model_name="legalentity", field="normalized_name"),
        AddTextSearchIndex(model_name="entityname", field="normalized_name"),
    ]
