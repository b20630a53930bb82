from rest_framework.routers import SimpleRouter

from obligations.api.views import CommitmentViewSet, SeatUseViewSet, TrainingIncentiveViewSet

router = SimpleRouter()
router.register("commitments", CommitmentViewSet)
router.register("training-incentives", TrainingIncentiveViewSet)
router.register("seat-uses", SeatUseViewSet)

urlpatterns = router.urls
