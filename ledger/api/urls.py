"""Ledger's API routes (registered under /api/v1/ in config/api_urls.py)."""

from django.urls import path

from ledger.api.views import AuditLogAPIView

urlpatterns = [
    path("audit-log/", AuditLogAPIView.as_view(), name="api-audit-log"),
]
