"""Routes of the price check and the credit claim, under /purchases/ (namespace `purchases`)."""

from django.urls import path

from purchases import pricecheck_views as views

urlpatterns = [
    path("price-check/", views.PriceCheckListView.as_view(), name="pricecheck_list"),
    path("credits/", views.CreditListView.as_view(), name="credit_list"),
]
