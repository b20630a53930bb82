"""On PostgreSQL the database itself refuses overlapping lines; SQLite relies on DiscountLine.clean().

Two lines of one amendment for the same product, component and condition may not share a day.
`django.contrib.postgres` is not imported so the migration also runs on SQLite (as a no-op).
"""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE pricing_discountline ADD CONSTRAINT discountline_no_overlap EXCLUDE USING gist (
    product_id WITH =,
    amendment_id WITH =,
    component WITH =,
    condition WITH =,
    daterange(valid_from, valid_to, '[]') WITH &&
);
"""
DROP = "ALTER TABLE pricing_discountline DROP CONSTRAINT IF EXISTS discountline_no_overlap;"


def create_exclusion(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_exclusion(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("pricing", "0001_initial")]

    operations = [migrations.RunPython(create_exclusion, drop_exclusion)]
