"""Audit log API: the same entries, filters and paging by position as the audit log page."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework.pagination import BasePagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import APIView

from core.api.pagination import BoundedLimitOffsetPagination
from ledger.api.serializers import AuditEntrySerializer, AuditQuerySerializer
from ledger.audit import COUNT_LIMIT, AuditEntry, AuditLog, Counted, Position


class AuditLogPagination(BasePagination):
    """`next` / `previous` links carry a position (`after` / `before`), never an offset (see `ledger.audit`).

    `limit` reads as on every other list (at most 500). `offset` is not a parameter of this list.
    """

    def paginate_log(
        self, log: AuditLog, request: Request, *, after: Position | None, before: Position | None
    ) -> list[AuditEntry]:
        limit = BoundedLimitOffsetPagination().get_limit(request) or BoundedLimitOffsetPagination.default_limit
        page = log.page(after=after, before=before, size=limit)
        self.count: Counted = log.count()
        url = remove_query_param(remove_query_param(request.build_absolute_uri(), "after"), "before")
        self.next = replace_query_param(url, "after", page.older.token) if page.older else None
        self.previous = replace_query_param(url, "before", page.newer.token) if page.newer else None
        return page.entries

    def get_paginated_response(self, data: Any) -> Response:
        return Response(
            {
                "count": self.count.number if self.count.exact else None,
                "next": self.next,
                "previous": self.previous,
                "results": data,
            }
        )

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            {
                "name": "limit",
                "required": False,
                "in": "query",
                "description": f"Changes per page (default {BoundedLimitOffsetPagination.default_limit}, "
                f"at most {BoundedLimitOffsetPagination.max_limit}).",
                "schema": {"type": "integer"},
            }
        ]

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "required": ["count", "next", "previous", "results"],
            "properties": {
                "count": {
                    "type": "integer",
                    "nullable": True,
                    "description": f"How many changes match; null: more than {COUNT_LIMIT:,} (counting stops there).",
                },
                "next": {"type": "string", "format": "uri", "nullable": True, "description": "older changes"},
                "previous": {"type": "string", "format": "uri", "nullable": True, "description": "newer changes"},
                "results": schema,
            },
        }


class AuditLogAPIView(APIView):
    """Every change to every audited record, newest first (auditors and contract admins)."""

    required_permissions = ["core.view_history"]
    pagination_class = AuditLogPagination

    @extend_schema(parameters=[AuditQuerySerializer], responses=AuditEntrySerializer(many=True))
    def get(self, request: Request) -> Response:
        query = AuditQuerySerializer(data=request.query_params)
        log = AuditLog(query.audit_filter())
        paginator = self.pagination_class()
        entries = paginator.paginate_log(
            log, request, after=query.validated_data.get("after"), before=query.validated_data.get("before")
        )
        return paginator.get_paginated_response(AuditEntrySerializer(entries, many=True).data)
