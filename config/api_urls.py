"""Every app's API under /api/v1/."""

from django.urls import include, path

urlpatterns = [
    path("", include("ledger.api.urls")),
    path("", include("contracts.api.urls")),
    path("", include("pricing.api.urls")),
    path("", include("releases.api.urls")),
    path("", include("purchases.api.urls")),
    path("", include("obligations.api.urls")),
]
