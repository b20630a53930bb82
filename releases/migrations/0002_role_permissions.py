"""Give the role groups their permissions on the release models.

core's post_migrate hook never fires (the core app has no models module, so Django sends it no
post_migrate signal); until that is fixed, each app's models reach the roles through a migration,
as contracts' do through core 0001_roles. sync_roles is idempotent.
"""

from django.db import migrations


def sync(apps, schema_editor):
    from core.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_roles"),
        ("releases", "0001_initial"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
