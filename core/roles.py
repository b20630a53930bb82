"""The three roles of Ledgerline and the permissions each one holds.

Roles are Django groups. Their permissions are derived from the models of the domain apps (every
app whose models keep history, see `core.history.audited_app_labels`), so a new model or a new
domain app is covered without editing a list:

- contract admins: add, change, delete and view every domain model, view history, price quotes;
- buyers: view the domain models (not their history) and price quotes; not the drafts of an app
  whose AppConfig says `buyers_see = False` (unexecuted amendments are not terms a buyer may use);
  add and change the models an AppConfig lists in `buyers_enter` (purchases: buyers record what
  they bought);
- auditors: view every domain model and its history.
"""

from typing import Any

from django.apps import AppConfig
from django.apps.registry import Apps
from django.contrib.auth.management import create_permissions

from core.history import audited_app_labels
from core.models import Ledgerline

CONTRACT_ADMINS = "Contract admins"
BUYERS = "Buyers"
AUDITORS = "Auditors"
ROLES = (CONTRACT_ADMINS, BUYERS, AUDITORS)

VIEW_HISTORY = "view_history"
PRICE_QUOTE = "price_quote"
# Declared once, on the model that carries them (core.models.Ledgerline).
CUSTOM_PERMISSIONS = dict(Ledgerline._meta.permissions)

_MODEL_ACTIONS = {
    CONTRACT_ADMINS: {"add", "change", "delete", "view"},
    BUYERS: {"view"},
    AUDITORS: {"view"},
}
_SEES_HISTORY = {CONTRACT_ADMINS, AUDITORS}
_CUSTOM = {
    # Auditors review findings; contract admins may too (they answer for the records found wanting).
    CONTRACT_ADMINS: {VIEW_HISTORY, PRICE_QUOTE, "review_findings"},
    BUYERS: {PRICE_QUOTE},
    AUDITORS: {VIEW_HISTORY, "review_findings"},
}


def _buyers_see(app_label: str) -> bool:
    """False for an app whose records are not agreed terms (drafts): its AppConfig says `buyers_see = False`."""
    from django.apps import apps as global_apps

    return getattr(global_apps.get_app_config(app_label), "buyers_see", True)


def _buyers_enter(app_label: str) -> tuple[str, ...]:
    """Model names of an app that buyers add and change themselves: its AppConfig's `buyers_enter`."""
    from django.apps import apps as global_apps

    return tuple(getattr(global_apps.get_app_config(app_label), "buyers_enter", ()))


def _buyer_enters(role: str, action: str, app_label: str, model_name: str) -> bool:
    return role == BUYERS and action in {"add", "change"} and model_name in _buyers_enter(app_label)


def _role_permissions(role: str, permission_model: Any, content_type_model: Any) -> list[Any]:
    # The models are those of a migration state (`apps.get_model`), hence Any.
    wanted = []
    domain_types = content_type_model.objects.filter(app_label__in=audited_app_labels())
    for perm in permission_model.objects.filter(content_type__in=domain_types):
        if role == BUYERS and not _buyers_see(perm.content_type.app_label):
            continue
        action, _, model_name = perm.codename.partition("_")
        is_history = model_name.startswith("historical")
        if is_history:
            if role in _SEES_HISTORY and action == "view":
                wanted.append(perm)
        elif action in _MODEL_ACTIONS[role] or _buyer_enters(role, action, perm.content_type.app_label, model_name):
            wanted.append(perm)
    # The content type of core.Ledgerline. Made by hand because the migrations that first run this
    # (core 0001) come before the one that adds the model to the migration state (core 0003).
    core_type, _ = content_type_model.objects.get_or_create(app_label="core", model="ledgerline")
    for codename in _CUSTOM[role]:
        perm, _ = permission_model.objects.get_or_create(
            codename=codename,
            content_type=core_type,
            defaults={"name": CUSTOM_PERMISSIONS[codename]},
        )
        wanted.append(perm)
    return wanted


def sync_roles(apps: Apps) -> None:
    """Create the role groups and give each exactly its permissions (idempotent)."""
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    content_type_model = apps.get_model("contenttypes", "ContentType")
    for app_config in apps.get_app_configs():
        # create_permissions skips an app without a models module, and state apps have none.
        app_config.models_module = True  # type: ignore[assignment]
        create_permissions(app_config, verbosity=0, apps=apps)
    for role in ROLES:
        group, _ = group_model.objects.get_or_create(name=role)
        group.permissions.set(_role_permissions(role, permission_model, content_type_model))


def sync_roles_after_migrate(
    sender: object,
    app_config: AppConfig | None = None,
    apps: Apps | None = None,
    using: str = "default",
    **kwargs: object,
) -> None:
    # post_migrate is sent once per app that has models; react once, on core's own (core has a
    # model, core.Ledgerline). `flush` (used between transactional tests) sends it without `apps`.
    if app_config is None or app_config.label != "core":
        return
    from django.apps import apps as global_apps
    from django.db import connections

    apps = apps or global_apps

    from core.history_guard import install_history_guards

    sync_roles(apps)
    # History tables of models added by later migrations become append-only too.
    install_history_guards(apps, connections[using])


def user_roles(user: Any) -> list[str]:
    """Names of the roles a user holds, in the canonical order."""
    if not user.is_authenticated:
        return []
    names = {g.name for g in user.groups.all()}
    return [role for role in ROLES if role in names]
