from django.urls import path

from pricing import views

app_name = "pricing"

urlpatterns = [
    path("discounts/", views.DiscountLineListView.as_view(), name="discount_list"),
    path("products/<int:pk>/", views.ProductDetailView.as_view(), name="product_detail"),
    path("comparisons/<int:pk>/", views.PriceComparisonDetailView.as_view(), name="price_comparison_detail"),
    path("quote/", views.QuotePageView.as_view(), name="quote"),
]
