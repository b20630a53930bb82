from django.urls import path

from core.views import ObjectHistoryView

app_name = "core"

urlpatterns = [
    path("<str:app_label>/<str:model_name>/<int:pk>/", ObjectHistoryView.as_view(), name="object_history"),
]
