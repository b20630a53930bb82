"""Every app's API under /api/v1/."""

from django.urls import include, path

urlpatterns = [
    path("", include("core.api_urls")),
    path("", include("contracts.api.urls")),
    path("", include("pricing.api_urls")),
    path("", include("releases.api_urls")),
]
