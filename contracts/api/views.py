from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from contracts.api import serializers as s
from contracts.lookup import find_entities
from contracts.models import Agreement, Amendment, LegalEntity
from contracts.snapshot import AsOf, agreement_snapshot
from core.api_params import AsOfQuerySerializer


class EntityLookupQuerySerializer(AsOfQuerySerializer):
    name = serializers.CharField(max_length=200, help_text="Any name: current, former, defined term.")


class AgreementViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Agreement.objects.select_related("seller")
    serializer_class = s.AgreementSerializer

    @extend_schema(parameters=[AsOfQuerySerializer], responses=s.AgreementSnapshotSerializer)
    @action(detail=True, url_path="as-of")
    def as_of(self, request, pk=None):
        """The agreement on a date: customers, term and provisions in force."""
        on, as_agreed = AsOfQuerySerializer(data=request.query_params).dates()
        snapshot = agreement_snapshot(self.get_object(), on=on, as_agreed=as_agreed)
        return Response(s.AgreementSnapshotSerializer(snapshot).data)


class AmendmentViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Amendment.objects.prefetch_related("signatures__entity")
    serializer_class = s.AmendmentSerializer
    filterset_fields = ["agreement", "number"]


class LegalEntityViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = LegalEntity.objects.select_related("parent").prefetch_related("other_names")
    serializer_class = s.LegalEntitySerializer

    @extend_schema(parameters=[EntityLookupQuerySerializer], responses=s.EntityLookupResponseSerializer)
    @action(detail=False)
    def lookup(self, request):
        """Entities by any of their names, and whether each may buy on the date."""
        query = EntityLookupQuerySerializer(data=request.query_params)
        on, as_agreed = query.dates()
        name = query.validated_data["name"]
        matches = find_entities(name, on=on, as_agreed=as_agreed)
        body = {"name": name, "as_of": AsOf(on, as_agreed), "matches": matches}
        return Response(s.EntityLookupResponseSerializer(body).data)
