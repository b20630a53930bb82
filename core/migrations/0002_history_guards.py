"""Make every history table append-only (see core/history_guard.py)."""

from django.db import migrations


def install(apps, schema_editor):
    from core.history_guard import install_history_guards

    install_history_guards(apps, schema_editor.connection)


def remove(apps, schema_editor):
    from core.history_guard import remove_history_guards

    remove_history_guards(apps, schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_roles")]

    operations = [migrations.RunPython(install, remove)]
