"""Role checks for the API, the same rules as the pages, and the backend that reads a user's permissions.

Reading a model needs its `view_` permission (DRF's stock class lets anyone authenticated read);
views that answer a question rather than list one model name their permission explicitly in
`required_permissions`.
"""

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db import connections, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model
from rest_framework.permissions import DjangoModelPermissions

if TYPE_CHECKING:  # DRF imports this module while loading rest_framework.views (DEFAULT_PERMISSION_CLASSES)
    from rest_framework.request import Request
    from rest_framework.views import APIView

logger = logging.getLogger("ledgerline.security")


class ModelRolePermission(DjangoModelPermissions):
    perms_map = {
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
        "POST": ["%(app_label)s.add_%(model_name)s"],
        "PUT": ["%(app_label)s.change_%(model_name)s"],
        "PATCH": ["%(app_label)s.change_%(model_name)s"],
        "DELETE": ["%(app_label)s.delete_%(model_name)s"],
    }

    def has_permission(self, request: "Request", view: "APIView") -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        required = getattr(view, "required_permissions", None)
        if required is not None:
            allowed = request.user.has_perms(required)
        else:
            allowed = super().has_permission(request, view)
        if not allowed:
            logger.warning(
                "API access denied: user=%s method=%s path=%s",
                request.user.get_username(),
                request.method,
                request.path,
            )
        return allowed


class RoleBackend(ModelBackend):
    """Django's `ModelBackend`, reading a user's permissions (their own and their roles') in one query.

    Every request checks permissions on a user freshly loaded from the session, so the backend's
    per-user cache lasts one request and the read is paid on every request: `ModelBackend` builds two
    ORM queries (the user's permissions, then their groups'), and building them costs several times
    what running them does. This reads the same set (`"app_label.codename"`) with one fixed statement,
    and the session's user likewise. Superusers, inactive users and object permissions behave as in
    `ModelBackend`.
    """

    def get_user(self, user_id: Any) -> Any:
        from django.contrib.auth import get_user_model

        model = get_user_model()  # `user_id` comes converted (`django.contrib.auth.get_user`)
        meta = model._meta
        connection = connections[router.db_for_read(model)]
        quote = connection.ops.quote_name
        columns = ", ".join(quote(field.column) for field in meta.concrete_fields)
        sql = f"SELECT {columns} FROM {quote(meta.db_table)} WHERE {quote(meta.pk.column)} = %s"  # noqa: S608 - names from the model
        # A raw query converts the columns as the ORM does (dates, booleans on SQLite) without building one.
        user = next(iter(model._default_manager.db_manager(connection.alias).raw(sql, [user_id])), None)
        return user if user is not None and self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj: Any, obj: Model | None = None) -> set[str]:
        if user_obj.is_superuser or not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return super().get_all_permissions(user_obj, obj=obj)
        if not hasattr(user_obj, "_perm_cache"):
            connection = connections[router.db_for_read(Permission)]
            with connection.cursor() as cursor:
                cursor.execute(_permissions_sql(connection), [user_obj.pk] * 2)
                user_obj._perm_cache = {f"{app_label}.{codename}" for app_label, codename in cursor.fetchall()}
        return user_obj._perm_cache  # type: ignore[no-any-return]


_PERMISSIONS_SQL: dict[str, str] = {}  # by database vendor


def _permissions_sql(connection: BaseDatabaseWrapper) -> str:
    """The permissions granted to user %s directly or through a group of user %s, as (app label, codename).

    Only table and column names, from the models' metadata, are formatted in; the user id is a parameter.
    """
    if connection.vendor not in _PERMISSIONS_SQL:
        _PERMISSIONS_SQL[connection.vendor] = _build_permissions_sql(connection.ops.quote_name)
    return _PERMISSIONS_SQL[connection.vendor]


def _build_permissions_sql(quote: Callable[[str], str]) -> str:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType

    def table(meta: Any) -> str:
        return quote(meta.db_table)

    def column(meta: Any, field: str) -> str:
        return quote(meta.get_field(field).column)

    user = get_user_model()
    permission, content_type = Permission._meta, ContentType._meta
    own, membership = user.user_permissions.through._meta, user.groups.through._meta
    granted = Group.permissions.through._meta
    own_ids = f"SELECT {column(own, 'permission')} FROM {table(own)} WHERE {column(own, 'user')} = %s"  # noqa: S608
    group_ids = (
        f"SELECT g.{column(granted, 'permission')} FROM {table(granted)} g "  # noqa: S608
        f"INNER JOIN {table(membership)} m ON m.{column(membership, 'group')} = g.{column(granted, 'group')} "
        f"WHERE m.{column(membership, 'user')} = %s"
    )
    return (
        f"SELECT ct.{column(content_type, 'app_label')}, p.{column(permission, 'codename')} "  # noqa: S608
        f"FROM {table(permission)} p INNER JOIN {table(content_type)} ct "
        f"ON ct.{column(content_type, 'id')} = p.{column(permission, 'content_type')} "
        f"WHERE p.{column(permission, 'id')} IN ({own_ids} UNION {group_ids})"
    )
