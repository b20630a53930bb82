from django.urls import include, path
from rest_framework.routers import SimpleRouter

from purchases.api.views import PurchaseViewSet

router = SimpleRouter()
router.register("purchases", PurchaseViewSet)

urlpatterns: list = [
    *router.urls,
    path("", include("purchases.api.pricecheck_urls")),
]
