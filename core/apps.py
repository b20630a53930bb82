"""The platform app.

It is named `core`, not `platform`: an app (a top-level package) named `platform` would shadow
Python's standard-library `platform` module, which Django and many libraries import.
"""

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    """The platform: roles, permissions, editing, history, point in time, API plumbing, base views.

    It imports no domain app (contracts, pricing, releases) and no composing app (ledger); the
    import-linter contracts in pyproject.toml hold it to that.
    """

    name = "core"
    verbose_name = "Ledgerline core"

    def ready(self) -> None:
        from core.roles import sync_roles_after_migrate

        # Models added by later migrations get their permissions and history tables only after
        # migrate: keep the role groups and the append-only guards complete without a hand list.
        post_migrate.connect(sync_roles_after_migrate, sender=self, dispatch_uid="core.sync_roles")
