"""API routes of the pricing app."""

from django.urls import path

from pricing.api.edit import DiscountLineEditView
from pricing.api.views import DiscountLineListView, QuoteView

urlpatterns = [
    path("discounts/", DiscountLineListView.as_view(), name="discount-list"),
    path("quotes/", QuoteView.as_view(), name="quote-create"),
    path("discount-lines/<int:pk>/", DiscountLineEditView.as_view(), name="discountline-edit"),
]
