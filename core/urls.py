from django.urls import path

from core.views import AuditLogView, ObjectHistoryView

app_name = "core"

urlpatterns = [
    path("", AuditLogView.as_view(), name="audit_log"),
    path("<str:app_label>/<str:model_name>/<int:pk>/", ObjectHistoryView.as_view(), name="object_history"),
]
