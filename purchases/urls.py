from django.urls import include, path

app_name = "purchases"

urlpatterns: list = [
    # Price check and credits due: purchases/pricecheck_urls.py.
    path("", include("purchases.pricecheck_urls")),
]
