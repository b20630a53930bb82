"""core.Ledgerline: a real (unmanaged, tableless) model for the content type of the platform permissions.

The content type `core.ledgerline` and its two permissions already exist (0001_roles makes them);
with the model in place `remove_stale_contenttypes` no longer takes them for stale.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("core", "0002_history_guards")]

    operations = [
        migrations.CreateModel(
            name="Ledgerline",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            ],
            options={
                "verbose_name": "Ledgerline",
                "verbose_name_plural": "Ledgerline",
                "permissions": [
                    ("view_history", "Can view change history and audit log"),
                    ("price_quote", "Can price quotes"),
                ],
                "managed": False,
                "default_permissions": (),
            },
        ),
    ]
