from django.urls import path
from rest_framework.routers import SimpleRouter

from contracts.api.views import AgreementViewSet, AmendmentViewSet, LegalEntityViewSet, TermVersionEditAPIView

router = SimpleRouter()
router.register("agreements", AgreementViewSet)
router.register("amendments", AmendmentViewSet)
router.register("entities", LegalEntityViewSet)

urlpatterns = [
    *router.urls,
    path("term-versions/<int:pk>/", TermVersionEditAPIView.as_view(), name="termversion-edit"),
]
