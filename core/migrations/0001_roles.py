"""Create the three role groups (contract admins, buyers, auditors) with their permissions."""

from django.db import migrations


def create_roles(apps, schema_editor):
    from core.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        # No domain app here: the platform depends on none. The roles are synced again on core's
        # post_migrate, after every app's migrations, so they cover models migrated later too.
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
