"""Indexes for the portfolio: a line's competitors (the SQL in-force rule) and substring search on names."""

from django.db import migrations, models

from core.search import AddTextSearchIndex


class Migration(migrations.Migration):
    dependencies = [
        ("pricing", "0003_own_column_orderings"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="discountline",
            index=models.Index(fields=["product", "component", "condition"], name="discountline_competitors"),
        ),
        AddTextSearchIndex(model_name="product", field="normalized_name"),
        AddTextSearchIndex(model_name="productname", field="normalized_name"),
    ]
