"""API routes of the price check and the credit claim, under /api/v1/."""

from django.urls import path

from purchases.api import pricecheck_views as views

urlpatterns = [
    path("price-check/", views.PriceCheckListAPIView.as_view(), name="pricecheck-list"),
    path("price-check/<int:pk>/", views.PriceCheckDetailAPIView.as_view(), name="pricecheck-detail"),
    path("credits/", views.CreditListAPIView.as_view(), name="credit-list"),
    path("credits/<int:pk>/", views.CreditDetailAPIView.as_view(), name="credit-detail"),
]
