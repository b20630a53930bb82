"""Role checks for the API, the same rules as the pages, and the backend that reads a user's permissions.

Reading a model needs its `view_` permission (DRF's stock class lets anyone authenticated read);
views that answer a question rather than list one model name their permission explicitly in
`required_permissions`.
"""

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
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

    def _queryset(self, view: "APIView") -> Any:
        """The view's queryset, for its model: a view keeping DRF's `get_queryset` (`queryset.all()`) is
        asked for the model of `queryset` as it stands, without the copy (a few ORM clones a request)."""
        from rest_framework.generics import GenericAPIView  # not at import: DRF imports this module early

        queryset = getattr(view, "queryset", None)
        if queryset is not None and getattr(type(view), "get_queryset", None) is GenericAPIView.get_queryset:
            return queryset
        return super()._queryset(view)

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
    what running them does. This reads the same set (`"app_label.codename"`) with one fixed statement:
    for the session's user, the statement that reads the user (`get_user`). Superusers, inactive users
    and object permissions behave as in `ModelBackend`.
    """

    def get_user(self, user_id: Any) -> Any:
        """The user, with their permissions read in the same statement (`_build_user_statement`): a request
        reads its user once and checks permissions several times (the API's permission class, the kept
        answer's key), so the user comes with what `get_all_permissions` would read next."""
        from django.contrib.auth import get_user_model

        model = get_user_model()  # `user_id` comes converted (`django.contrib.auth.get_user`)
        using = router.db_for_read(model)
        connection = connections[using]
        statement = _user_statement(connection, with_permissions=router.db_for_read(Permission) == using)
        with connection.cursor() as cursor:
            cursor.execute(statement.sql, [user_id])
            row = cursor.fetchone()
        if row is None:
            return None
        user = model.from_db(using, statement.attnames, statement.convert(row, connection))
        if not self.user_can_authenticate(user):
            return None
        if statement.with_permissions and not user.is_superuser:
            # What `get_all_permissions` would read next, read now; it lasts this request, as ModelBackend's.
            user._perm_cache = statement.permissions(row[-1])  # type: ignore[attr-defined]
        return user

    def get_all_permissions(self, user_obj: Any, obj: Model | None = None) -> set[str]:
        if user_obj.is_superuser or not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return super().get_all_permissions(user_obj, obj=obj)
        if not hasattr(user_obj, "_perm_cache"):
            connection = connections[router.db_for_read(Permission)]
            with connection.cursor() as cursor:
                cursor.execute(_permissions_sql(connection), [user_obj.pk] * 2)
                user_obj._perm_cache = {f"{app_label}.{codename}" for app_label, codename in cursor.fetchall()}
        return user_obj._perm_cache  # type: ignore[no-any-return]


@dataclass(frozen=True)
class _UserStatement:
    sql: str  # one parameter: the user's id
    attnames: list[str]
    converters: list[list[Any]]  # per column: the ORM's converters from database values (SQLite booleans, dates)
    with_permissions: bool

    def convert(self, row: tuple[Any, ...], connection: BaseDatabaseWrapper) -> list[Any]:
        values = list(row[: len(self.attnames)])
        for index, converters in enumerate(self.converters):
            for converter, expression in converters:
                values[index] = converter(values[index], expression, connection)
        return values

    @staticmethod
    def permissions(value: Any) -> set[str]:
        """The `"app_label.codename"` names (PostgreSQL: an array, a list here; SQLite: a JSON array as text).

        The app label is joined in the statement, not taken from Django's per-process cache of content
        types: that cache is keyed by database alias, and trusted it gave another database's labels to a
        process that answers from two (the benchmark's), and one query per label to a fresh worker."""
        return set(json.loads(value) if isinstance(value, str) else value)


_USER_STATEMENTS: dict[tuple[str, bool], _UserStatement] = {}  # by (database alias, with permissions)


def _user_statement(connection: BaseDatabaseWrapper, *, with_permissions: bool) -> _UserStatement:
    key = (connection.alias, with_permissions)
    if key not in _USER_STATEMENTS:
        _USER_STATEMENTS[key] = _build_user_statement(connection, with_permissions=with_permissions)
    return _USER_STATEMENTS[key]


def _build_user_statement(connection: BaseDatabaseWrapper, *, with_permissions: bool) -> _UserStatement:
    """The user's columns by primary key, and, on PostgreSQL and SQLite, their permissions (their own
    and their groups', as `_permissions_sql` reads them) as one array of `"app_label.codename"`,
    empty for none."""
    from django.contrib.auth import get_user_model

    model = get_user_model()
    meta, quote = model._meta, connection.ops.quote_name
    table = quote(meta.db_table)
    fields = meta.concrete_fields
    converters = []
    for field in fields:
        column = field.get_col(meta.db_table)
        found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        converters.append([(converter, column) for converter in found])
    columns = ", ".join(f"u.{quote(field.column)}" for field in fields)
    aggregate = {"postgresql": "ARRAY({})", "sqlite": "(SELECT json_group_array(name) FROM ({}))"}
    with_permissions = with_permissions and connection.vendor in aggregate
    if with_permissions:
        names = _build_permissions_sql(quote, user=f"u.{quote(meta.pk.column)}", as_names=True)
        columns += f", {aggregate[connection.vendor].format(names)}"
    sql = f"SELECT {columns} FROM {table} u WHERE u.{quote(meta.pk.column)} = %s"  # noqa: S608 - names from the model
    return _UserStatement(sql, [f.attname for f in fields], converters, with_permissions)


_PERMISSIONS_SQL: dict[str, str] = {}  # by database vendor


def _permissions_sql(connection: BaseDatabaseWrapper) -> str:
    """The permissions granted to user %s directly or through a group of user %s, as (app label, codename).

    Only table and column names, from the models' metadata, are formatted in; the user id is a parameter.
    """
    if connection.vendor not in _PERMISSIONS_SQL:
        _PERMISSIONS_SQL[connection.vendor] = _build_permissions_sql(connection.ops.quote_name)
    return _PERMISSIONS_SQL[connection.vendor]


def _build_permissions_sql(quote: Callable[[str], str], *, user: str = "%s", as_names: bool = False) -> str:
    """The permissions granted to `user` directly or through a group, as (app label, codename).

    `user`: the user's id, a parameter or a column of an outer statement. `as_names`: one column,
    `name`: `"app_label.codename"`.
    """
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    def table(meta: Any) -> str:
        return quote(meta.db_table)

    def column(meta: Any, field: str) -> str:
        return quote(meta.get_field(field).column)

    user_model = get_user_model()
    permission, content_type = Permission._meta, ContentType._meta
    own, membership = user_model.user_permissions.through._meta, user_model.groups.through._meta
    granted = Group.permissions.through._meta
    own_ids = f"SELECT {column(own, 'permission')} FROM {table(own)} WHERE {column(own, 'user')} = {user}"  # noqa: S608
    group_ids = (
        f"SELECT g.{column(granted, 'permission')} FROM {table(granted)} g "  # noqa: S608
        f"INNER JOIN {table(membership)} m ON m.{column(membership, 'group')} = g.{column(granted, 'group')} "
        f"WHERE m.{column(membership, 'user')} = {user}"
    )
    where = f"WHERE p.{column(permission, 'id')} IN ({own_ids} UNION {group_ids})"
    codename, app_label = f"p.{column(permission, 'codename')}", f"ct.{column(content_type, 'app_label')}"
    columns = f"{app_label} || '.' || {codename} AS name" if as_names else f"{app_label}, {codename}"
    return (
        f"SELECT {columns} "  # noqa: S608
        f"FROM {table(permission)} p INNER JOIN {table(content_type)} ct "
        f"ON ct.{column(content_type, 'id')} = p.{column(permission, 'content_type')} {where}"
    )
