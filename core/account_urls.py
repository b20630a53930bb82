"""A user's own pages: profile and reminder preferences."""

from django.urls import path

from core.account_views import ProfileView

app_name = "account"

urlpatterns = [
    path("profile/", ProfileView.as_view(), name="profile"),
]
