"""API routes of the pricing app, under /api/v1/."""

from django.urls import path

from pricing.api import views

urlpatterns = [
    path("discounts/", views.DiscountLineListAPIView.as_view(), name="discount-list"),
    path("quotes/", views.QuoteCreateAPIView.as_view(), name="quote-create"),
    path("discount-lines/<int:pk>/", views.DiscountLineEditAPIView.as_view(), name="discountline-edit"),
]
