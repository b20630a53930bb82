from rest_framework.routers import SimpleRouter

from contracts.api.views import AgreementViewSet, AmendmentViewSet, LegalEntityViewSet

router = SimpleRouter()
router.register("agreements", AgreementViewSet)
router.register("amendments", AmendmentViewSet)
router.register("entities", LegalEntityViewSet)

urlpatterns = router.urls
