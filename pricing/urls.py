from django.urls import path

from pricing import views

app_name = "pricing"

urlpatterns = [
    path("discounts/", views.DiscountLineListView.as_view(), name="discount_list"),
    path("products/<int:pk>/", views.ProductDetailView.as_view(), name="product_detail"),
    path("comparisons/<int:pk>/", views.PriceComparisonDetailView.as_view(), name="price_comparison_detail"),
    path("quote/", views.QuotePageView.as_view(), name="quote"),
    path("quote/save/", views.QuoteSaveView.as_view(), name="quote_save"),
    path("quote/suggestions/", views.QuoteSuggestionsView.as_view(), name="quote_suggestions"),
    path("quotes/", views.SavedQuoteListView.as_view(), name="saved_quote_list"),
    path("quotes/<int:pk>/", views.SavedQuoteDetailView.as_view(), name="saved_quote_detail"),
]
