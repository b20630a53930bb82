"""A user's own pages: profile and reminder preferences."""

from django.urls import path  # noqa: F401

app_name = "account"

urlpatterns: list[object] = []
