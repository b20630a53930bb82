"""The URL conf of `bench.scale.profile`: the app's, plus two baselines.

- `/bare/`: the bare view of `bench.scale.bare` (one indexed query, no session, no user);
- `/floor/`: the same query as an API endpoint of the app's kind (DRF, the session's user, the role
  permission check, JSON): what every API request costs before it does any work of its own.
"""

from django.urls import path
from rest_framework.response import Response
from rest_framework.views import APIView

from bench.scale.bare import one_indexed_query
from config.urls import urlpatterns as app_urlpatterns
from contracts.models import Agreement


class FloorView(APIView):
    required_permissions = ["contracts.view_agreement"]

    def get(self, request):
        found = Agreement.objects.filter(contract_number="LNM970313MP").values_list("pk", flat=True).first()
        return Response({"agreement": found})


urlpatterns = [path("bare/", one_indexed_query), path("floor/", FloorView.as_view()), *app_urlpatterns]
