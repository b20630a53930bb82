from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from core.autocomplete import AutocompleteView
from core.home import HomeView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("core.account_urls")),
    path("admin/", admin.site.urls),
    path("contracts/", include("contracts.urls")),
    path("pricing/", include("pricing.urls")),
    path("releases/", include("releases.urls")),
    path("history/", include("core.urls")),
    path("drafts/", include("drafts.urls")),
    path("purchases/", include("purchases.urls")),
    path("obligations/", include("obligations.urls")),
    path("autocomplete/<str:source>/", AutocompleteView.as_view(), name="autocomplete"),
    # Before the pages spanning every app: an API request is resolved without trying them first.
    path("api/v1/", include("config.api_urls")),
    # Pages spanning every app, each at the path it always had (/contracts/<id>/compare/, /history/, …).
    path("", include("ledger.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]
