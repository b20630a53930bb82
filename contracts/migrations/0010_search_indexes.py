"""The search box's indexes (`core.search`): every name an entity goes by, agreement and amendment titles
and contract numbers, provision titles as compact keys; provision texts for full-text search.

Each index is built from the rows already there (SQLite fills its FTS table, PostgreSQL indexes the table).
"""

from django.db import migrations

from core.search import AddTextSearchIndex


class Migration(migrations.Migration):
    dependencies = [
        ("contracts", "0009_provision_version_cites"),
    ]

    operations = [
        AddTextSearchIndex(model_name="legalentity", field="normalized_name", kind="compact"),
        AddTextSearchIndex(model_name="entityname", field="normalized_name", kind="compact"),
        AddTextSearchIndex(model_name="agreement", field="title", kind="compact"),
        AddTextSearchIndex(model_name="agreement", field="contract_number", kind="compact"),
        AddTextSearchIndex(model_name="amendment", field="title", kind="compact"),
        AddTextSearchIndex(model_name="provision", field="title", kind="compact"),
        AddTextSearchIndex(model_name="provisionversion", field="text", kind="words"),
    ]
