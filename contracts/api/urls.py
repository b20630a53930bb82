from django.urls import path
from rest_framework.routers import SimpleRouter

from contracts.api.views import AgreementViewSet, AmendmentViewSet, LegalEntityViewSet, TermVersionEditView

router = SimpleRouter()
router.register("agreements", AgreementViewSet)
router.register("amendments", AmendmentViewSet)
router.register("entities", LegalEntityViewSet)

urlpatterns = [
    *router.urls,
    path("term-versions/<int:pk>/", TermVersionEditView.as_view(), name="termversion-edit"),
]
