"""Pricing API: the discount lookup, quotes, and corrections of a discount line."""

from datetime import date
from typing import cast

from django_filters.utils import translate_validation
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.editing import VersionedUpdateAPIView, versioned_edit_schema
from core.api.pagination import BoundedLimitOffsetPagination
from pricing.api.serializers import (
    DiscountLineEditSerializer,
    DiscountLineSerializer,
    QuoteRequestSerializer,
    QuoteResponseSerializer,
    SavedQuoteDetailSerializer,
    SavedQuoteSerializer,
)
from pricing.catalog import load_catalog
from pricing.engine import price_quote_compared
from pricing.filtersets import DiscountLineFilterSet
from pricing.forms import line_request
from pricing.lookup import lookup_notes
from pricing.models import DiscountLine, SavedQuote
from pricing.quotes import saved_quotes_for


class AsOfPagination(BoundedLimitOffsetPagination):
    """Pages that also say which dates the lines were filtered for (null: no date given)."""

    dates: tuple[date | None, date | None]  # (on, as_agreed), set by the view before each page
    notes: list[tuple[str, str]]  # why lines are missing on that date (Term, unknown schedules)

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        on, as_agreed = self.dates
        notes = [{"subject": subject, "why": why} for subject, why in self.notes]
        response.data = {"on": on, "as_agreed": as_agreed, "notes": notes, **response.data}
        return response

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"] = {
            "on": {"type": "string", "format": "date", "nullable": True},
            "as_agreed": {"type": "string", "format": "date", "nullable": True},
            "notes": {
                "type": "array",
                "description": "Why lines are not there on the date: the Term does not run, a schedule is unknown.",
                "items": {
                    "type": "object",
                    "properties": {"subject": {"type": "string"}, "why": {"type": "string"}},
                },
            },
            **schema["properties"],
        }
        return schema


class DiscountLineListAPIView(generics.ListAPIView):
    """Discount lines; the same filters as the discount lookup page."""

    queryset = DiscountLine.objects.with_sources()
    serializer_class = DiscountLineSerializer
    filterset_class = DiscountLineFilterSet  # documents the parameters; applied once in filter_queryset
    pagination_class = AsOfPagination

    def filter_queryset(self, queryset):
        filterset = DiscountLineFilterSet(self.request.query_params, queryset=queryset, request=self.request)
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)  # type: ignore[misc]  # untyped: returns a ValidationError
        paginator = cast(AsOfPagination, self.paginator)  # pagination_class above
        paginator.dates = filterset.dates_used()
        as_of = filterset.as_of_asked()
        paginator.notes = lookup_notes(as_of, filterset.question()) if as_of else []
        return filterset.qs


class QuoteCreateAPIView(APIView):
    """Price a quote: each line's discount, net, warranty, clause and warnings, and the totals."""

    required_permissions = ["core.price_quote"]
    posts_are_reads = True  # POST computes a quote; it never writes (see tests/core/test_access_matrix.py)

    @extend_schema(
        request=QuoteRequestSerializer,
        responses={200: QuoteResponseSerializer, 400: OpenApiResponse(description="Errors named by field.")},
    )
    def post(self, request):
        query = QuoteRequestSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        result, now = price_quote_compared(
            load_catalog(data["agreement"]),
            lines=[line_request(line) for line in data["lines"]],
            on=data["on"],
            as_agreed=data.get("as_agreed"),
            entity=data["entity"],
        )
        return Response(QuoteResponseSerializer(result, context={"now": now}).data)


class SavedQuoteListAPIView(generics.ListAPIView):
    """Saved quotes, newest first: a buyer's own; every user's for contract admins and auditors."""

    queryset = SavedQuote.objects.all()  # names the model whose view permission is needed
    serializer_class = SavedQuoteSerializer

    def get_queryset(self):
        return saved_quotes_for(self.request.user)


class SavedQuoteDetailAPIView(generics.RetrieveAPIView):
    """One saved quote with its lines: the inputs and the answer when saved."""

    queryset = SavedQuote.objects.all()
    serializer_class = SavedQuoteDetailSerializer

    def get_queryset(self):
        return saved_quotes_for(self.request.user).prefetch_related("lines")


@versioned_edit_schema(DiscountLineEditSerializer)
class DiscountLineEditAPIView(VersionedUpdateAPIView):
    """One discount line; contract admins correct it with a reason (overlaps are refused)."""

    queryset = DiscountLine.objects.select_related("table", "amendment")
    serializer_class = DiscountLineEditSerializer
