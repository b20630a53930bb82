from django.urls import include, path

urlpatterns: list = [
    path("", include("purchases.api.pricecheck_urls")),
]
