"""Purchase ledger API: list (the page's filters), detail, create, and edit with a reason and version."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.editing import INVALID, STALE_EDIT
from purchases.api.serializers import PurchaseCreateSerializer, PurchaseSerializer
from purchases.checks import check_purchases
from purchases.filtersets import PurchaseFilterSet
from purchases.models import Purchase


@extend_schema_view(
    create=extend_schema(request=PurchaseCreateSerializer, responses={201: PurchaseSerializer, 400: INVALID}),
    partial_update=extend_schema(responses={200: PurchaseSerializer, 400: INVALID, 409: STALE_EDIT}),
    retrieve=extend_schema(responses={200: PurchaseSerializer, 404: OpenApiResponse(description="No such purchase.")}),
)
class PurchaseViewSet(
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,  # type: ignore[type-arg]  # ReadOnlyModelViewSet[Purchase]
):
    """Purchases (contract admins and buyers enter them; auditors read). PATCH sends back the `version`
    read with a `change_reason`; flags are computed for the rows of the page answered."""

    queryset = Purchase.objects.with_references()
    serializer_class = PurchaseSerializer
    filterset_class = PurchaseFilterSet
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        return PurchaseCreateSerializer if self.action == "create" else PurchaseSerializer

    def filter_queryset(self, queryset: QuerySet[Purchase]) -> QuerySet[Purchase]:
        if self.action != "list":
            return queryset
        filterset = PurchaseFilterSet(self.request.query_params, queryset=queryset, request=self.request)
        if not filterset.is_valid():
            raise serializers.ValidationError(filterset.errors)
        filtered = filterset.qs
        if filterset.errors:  # a flag filter over too many rows (asked to narrow first)
            raise serializers.ValidationError(filterset.errors)
        return filtered

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset().with_versions()))  # type: ignore[attr-defined]  # a PurchaseQuerySet
        rows = list(page or [])
        flags = {check.purchase.pk: check.flags for check in check_purchases(rows)}
        serializer = PurchaseSerializer(rows, many=True, context={**self.get_serializer_context(), "flags": flags})
        return self.get_paginated_response(serializer.data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        purchase = self.get_object()
        flags = {purchase.pk: check_purchases([purchase])[0].flags}
        return Response(PurchaseSerializer(purchase, context={**self.get_serializer_context(), "flags": flags}).data)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().update(request, *args, **kwargs)
        purchase = self.get_object()
        flags = {purchase.pk: check_purchases([purchase])[0].flags}
        response.data = PurchaseSerializer(purchase, context={**self.get_serializer_context(), "flags": flags}).data
        return response

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = PurchaseCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        purchase = serializer.save()
        return Response(
            PurchaseSerializer(purchase, context=self.get_serializer_context()).data, status=status.HTTP_201_CREATED
        )
