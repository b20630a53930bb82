"""API routes of the releases app, under /api/v1/."""

from django.urls import path

from releases.api import views

urlpatterns = [
    path("releases/", views.ReleaseBoardAPIView.as_view(), name="release-board-api"),
    path("releases/<int:pk>/", views.ReleaseDetailAPIView.as_view(), name="release-detail-api"),
    path("releases/<int:pk>/tracking/", views.ReleaseTrackingEditAPIView.as_view(), name="release-tracking-edit"),
    path("remedies/<int:pk>/", views.RemedyEditAPIView.as_view(), name="remedy-edit"),
]
