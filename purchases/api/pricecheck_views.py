"""Price-check and credit API: the page's filters and rows, as JSON."""

from typing import Any, cast

from django.shortcuts import get_object_or_404
from django_filters.utils import translate_validation
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from core.api.pagination import BoundedLimitOffsetPagination
from purchases.api.pricecheck_serializers import PriceCheckSerializer, TotalSerializer
from purchases.checks import check_purchases
from purchases.models import Purchase
from purchases.pricecheck import CreditReport, TooMany, checked, credit_report
from purchases.pricecheck_filtersets import CreditFilterSet, PriceCheckFilterSet

NARROW = "Narrow by agreement, entity or period."


class CreditPagination(BoundedLimitOffsetPagination):
    """A page of credit lines with the report's totals (over every line, not only the page's)."""

    report: CreditReport  # set by the view before paginating

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        report = self.report
        response.data = {
            **response.data,
            "total": str(report.total),
            "unknown": report.unknown,
            "period_by": report.period_by,
            "totals": {
                dimension: TotalSerializer(report.totals_by(dimension), many=True).data
                for dimension in ("entity", "schedule", "period")
            },
        }
        return response

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        row = {
            "type": "object",
            "properties": {
                "key": {"type": "string"},
                "amount": {"type": "string", "format": "decimal"},
                "lines": {"type": "integer"},
                "unknown": {"type": "integer", "description": "Lines whose credit is unknown (not in amount)."},
            },
        }
        total = {"type": "array", "items": row}
        schema["properties"].update(
            total={"type": "string", "format": "decimal", "description": "Sum of the known credits."},
            unknown={"type": "integer", "description": "Lines whose credit is unknown."},
            period_by={"type": "string", "enum": ["month", "quarter"]},
            totals={
                "type": "object",
                "properties": {"entity": total, "schedule": total, "period": total},
            },
        )
        return schema


def _filtered(view: generics.GenericAPIView, filterset_class: type[PriceCheckFilterSet]) -> PriceCheckFilterSet:
    filterset = filterset_class(view.request.query_params, queryset=view.get_queryset(), request=view.request)
    if not filterset.is_valid():
        raise translate_validation(filterset.errors)  # type: ignore[misc]  # untyped: returns a ValidationError
    return filterset


class PriceCheckListAPIView(generics.ListAPIView):
    """Each purchase: invoiced versus contractual as agreed now and as agreed on the invoice date."""

    queryset = Purchase.objects.all()
    serializer_class = PriceCheckSerializer
    filterset_class = PriceCheckFilterSet  # documents the parameters; applied once in filter_queryset

    def filter_queryset(self, queryset):
        filterset = _filtered(self, PriceCheckFilterSet)
        try:
            return checked(filterset.qs, **filterset.engine_filters())
        except TooMany as too_many:
            raise ValidationError({"non_field_errors": [f"{too_many}. {NARROW}"]}) from too_many


class PriceCheckDetailAPIView(generics.RetrieveAPIView):
    """One purchase's price check."""

    queryset = Purchase.objects.all()
    serializer_class = PriceCheckSerializer

    def get_object(self):
        return check_purchases([get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])])[0]


class CreditListAPIView(generics.ListAPIView):
    """The credit claim: each line with the amendment that made it due, and totals by entity, schedule, period."""

    queryset = Purchase.objects.all()
    serializer_class = PriceCheckSerializer
    filterset_class = CreditFilterSet
    pagination_class = CreditPagination

    def filter_queryset(self, queryset):
        filterset = cast(CreditFilterSet, _filtered(self, CreditFilterSet))
        try:
            report = credit_report(
                filterset.qs, schedule=filterset.engine_filters()["schedule"], period_by=filterset.totals_period()
            )
        except TooMany as too_many:
            raise ValidationError(
                {"non_field_errors": [f"{too_many} are in a retroactive window. {NARROW}"]}
            ) from too_many
        cast(CreditPagination, self.paginator).report = report
        return report.lines


class CreditDetailAPIView(generics.RetrieveAPIView):
    """The credit due on one purchase (404 when none is due)."""

    queryset = Purchase.objects.all()
    serializer_class = PriceCheckSerializer

    @extend_schema(responses={200: PriceCheckSerializer, 404: OpenApiResponse(description="No credit is due.")})
    def get(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_object(self):
        result = check_purchases([get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])])[0]
        if result.credit is None:
            raise NotFound("No credit is due on this purchase.")
        return result
