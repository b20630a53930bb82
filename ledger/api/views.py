"""Audit log API: the same entries and filters as the audit log page."""

from drf_spectacular.utils import extend_schema
from rest_framework.views import APIView

from core.api.pagination import BoundedLimitOffsetPagination
from ledger.api.serializers import AuditEntrySerializer, AuditQuerySerializer
from ledger.audit import AuditEntry, AuditLog


class AuditLogAPIView(APIView):
    """Every change to every audited record, newest first (auditors and contract admins)."""

    required_permissions = ["core.view_history"]
    pagination_class = BoundedLimitOffsetPagination

    @extend_schema(parameters=[AuditQuerySerializer], responses=AuditEntrySerializer(many=True))
    def get(self, request):
        log = AuditLog(AuditQuerySerializer(data=request.query_params).audit_filter())
        paginator = self.pagination_class()
        # AuditLog is counted and sliced like a queryset, which is all the paginator asks of it.
        page: list[AuditEntry] | None = paginator.paginate_queryset(log, request, view=self)  # type: ignore[arg-type]
        return paginator.get_paginated_response(AuditEntrySerializer(page, many=True).data)
