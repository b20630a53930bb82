"""The platform app.

It is named `core`, not `platform`: an app (a top-level package) named `platform` would shadow
Python's standard-library `platform` module, which Django and many libraries import.
"""

from typing import Any

from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    """The platform: roles, permissions, editing, history, point in time, API plumbing, base views.

    It imports no domain app (contracts, pricing, releases) and no composing app (ledger); the
    import-linter contracts in pyproject.toml hold it to that.
    """

    name = "core"
    verbose_name = "Ledgerline core"

    def ready(self) -> None:
        from simple_history.signals import post_create_historical_record

        from core.chain import append_link
        from core.middleware import stamp_session_at_login
        from core.roles import sync_roles_after_migrate

        # Models added by later migrations get their permissions and history tables only after
        # migrate: keep the role groups and the append-only guards complete without a hand list.
        post_migrate.connect(sync_roles_after_migrate, sender=self, dispatch_uid="core.sync_roles")
        # After the roles: record what migrate changed without history, then chain what is unchained.
        post_migrate.connect(_complete_history_after_migrate, sender=self, dispatch_uid="core.complete_history")
        # SQLite drops a table's triggers when a migration rebuilds it: the search index re-follows it.
        post_migrate.connect(_resync_text_search, sender=self, dispatch_uid="core.search_resync")
        # Every history row joins the hash chain in the transaction that writes it.
        post_create_historical_record.connect(append_link, dispatch_uid="core.chain")
        connection_created.connect(_sqlite_recursive_triggers, dispatch_uid="core.sqlite_recursive_triggers")
        # A session starts (absolute limit) and is renewed (idle limit) at login: its next requests write nothing.
        user_logged_in.connect(stamp_session_at_login, dispatch_uid="core.session_stamp")


def _complete_history_after_migrate(
    sender: object, app_config: AppConfig | None = None, using: str = "default", **kwargs: Any
) -> None:
    if app_config is None or app_config.label != "core":
        return
    from django.db import connections

    from core.chain import history_models, link_unchained
    from core.history import record_unrecorded_accounts
    from core.models import HistoryLink

    existing = set(connections[using].introspection.table_names())
    if not ({HistoryLink._meta.db_table, *history_models()} <= existing):
        return  # a partial migrate: the history tables are not all there yet
    record_unrecorded_accounts(using)
    link_unchained(using=using)


def _resync_text_search(sender: object, using: str = "default", **kwargs: Any) -> None:
    from django.db import connections

    from core.search import resync_sqlite

    resync_sqlite(connections[using])


def _sqlite_recursive_triggers(sender: object, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """On SQLite, `INSERT OR REPLACE` deletes the row it replaces without firing DELETE triggers unless
    this is on. The history tables refuse such an insert by a trigger of their own as well
    (`core.history_guard`); this covers the app's own connections twice."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA recursive_triggers = ON")
