from django.urls import path

from core.api_views import AuditLogAPIView

urlpatterns = [
    path("audit-log/", AuditLogAPIView.as_view(), name="api-audit-log"),
]
