"""API routes of the pricing app, under /api/v1/."""

from django.urls import path

from pricing.api import comparisons, views

urlpatterns = [
    path("discounts/", views.DiscountLineListAPIView.as_view(), name="discount-list"),
    path("quotes/", views.QuoteCreateAPIView.as_view(), name="quote-create"),
    path("saved-quotes/", views.SavedQuoteListAPIView.as_view(), name="savedquote-list"),
    path("saved-quotes/<int:pk>/", views.SavedQuoteDetailAPIView.as_view(), name="savedquote-detail"),
    path("price-comparisons/", comparisons.PriceComparisonListAPIView.as_view(), name="pricecomparison-list"),
    path(
        "price-comparisons/<int:pk>/", comparisons.PriceComparisonDetailAPIView.as_view(), name="pricecomparison-detail"
    ),
    path("discount-lines/<int:pk>/", views.DiscountLineEditAPIView.as_view(), name="discountline-edit"),
]
