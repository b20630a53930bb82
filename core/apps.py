from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    """Shared machinery: roles, permissions, base views, history display."""

    name = "core"
    verbose_name = "Ledgerline core"

    def ready(self):
        from core.roles import sync_roles_after_migrate

        # Models added by later migrations get their permissions and history tables only after
        # migrate: keep the role groups and the append-only guards complete without a hand list.
        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="core.sync_roles")
