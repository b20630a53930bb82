from django.urls import path

from core.finding_views import FindingReviewView
from core.integrity_views import HistoryIntegrityView
from core.token_views import ApiTokenView
from core.views import ObjectHistoryView, ObjectRestoreView

app_name = "core"

urlpatterns = [
    path("integrity/", HistoryIntegrityView.as_view(), name="history_integrity"),
    path(
        "findings/<str:app_label>/<str:model_name>/<int:pk>/",
        FindingReviewView.as_view(),
        name="finding_review",
    ),
    path("<str:app_label>/<str:model_name>/<int:pk>/", ObjectHistoryView.as_view(), name="object_history"),
    path("<str:app_label>/<str:model_name>/<int:pk>/restore/", ObjectRestoreView.as_view(), name="object_restore"),
    path("tokens/", ApiTokenView.as_view(), name="api_tokens"),
]
