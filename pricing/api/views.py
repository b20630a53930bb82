"""Pricing API: the discount lookup, quotes, and corrections of a discount line."""

from datetime import date
from typing import cast

from django_filters.utils import translate_validation
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from core.answers import keeps_answers
from core.api.editing import VersionedUpdateAPIView, versioned_edit_schema
from core.api.pagination import BoundedLimitOffsetPagination
from pricing.api.quote_lines import line_requests
from pricing.api.quotes import AnswerRenderer, quote_answer
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
from pricing.lookup import lookup_notes
from pricing.models import DiscountLine, SavedQuote
from pricing.querysets import COUNT_LIMIT, DiscountLineQuerySet
from pricing.quotes import saved_quotes_for


class AsOfPagination(BoundedLimitOffsetPagination):
    """Pages that also say which dates the lines were filtered for (null: no date given).

    Across every agreement the count is exact up to `COUNT_LIMIT` lines (or the end of the page asked
    for) and null beyond: counting stops there, so that a common name costs the same in a portfolio of
    a thousand agreements as in one (`DiscountLineQuerySet.counted`).
    """

    dates: tuple[date | None, date | None]  # (on, as_agreed), set by the view before each page
    notes: list[tuple[str, str]]  # why lines are missing on that date (Term, unknown schedules)
    exact = True

    def get_count(self, queryset):
        if not (isinstance(queryset, DiscountLineQuerySet) and queryset.pages_first):
            return super().get_count(queryset)
        # Called before `self.offset` is set: the page asked for is counted to its end, and one more line
        # says whether there is a next page.
        end = self.get_offset(cast(Request, self.request)) + (self.limit or 0)
        counted = queryset.counted(max(COUNT_LIMIT, end))
        self.exact = counted.exact
        return counted.number if counted.exact else counted.number + 1

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        on, as_agreed = self.dates
        notes = [{"subject": subject, "why": why} for subject, why in self.notes]
        response.data = {"on": on, "as_agreed": as_agreed, "notes": notes, **response.data}
        if not self.exact:
            response.data["count"] = None
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
        schema["properties"]["count"] = {
            **schema["properties"]["count"],
            "nullable": True,
            "description": f"How many lines match; null: more than {COUNT_LIMIT:,} across every agreement "
            "(counting stops there; choose an agreement for an exact count).",
        }
        return schema


class DiscountLineListAPIView(generics.ListAPIView):
    """Discount lines; the same filters as the discount lookup page."""

    queryset = DiscountLine.objects.with_sources()
    serializer_class = DiscountLineSerializer
    filterset_class = DiscountLineFilterSet  # documents the parameters; applied once in filter_queryset
    pagination_class = AsOfPagination

    @keeps_answers()
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def filter_queryset(self, queryset):
        filterset = DiscountLineFilterSet(self.request.query_params, queryset=queryset, request=self.request)
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)  # type: ignore[misc]  # untyped: returns a ValidationError
        paginator = cast(AsOfPagination, self.paginator)  # pagination_class above
        paginator.dates = filterset.dates_used()
        as_of = filterset.as_of_asked()
        paginator.notes = lookup_notes(as_of, filterset.question()) if as_of else []
        lines = cast(DiscountLineQuerySet, filterset.qs)
        return lines.as_rows(*DiscountLineSerializer.row_values())  # see its `to_representation`


class QuoteCreateAPIView(APIView):
    """Price a quote: each line's discount, net, warranty, clause and warnings, and the totals."""

    required_permissions = ["core.price_quote"]
    posts_are_reads = True  # POST computes a quote; it never writes (see tests/core/test_access_matrix.py)
    # JSON as JSONRenderer writes it, each line answered alike rendered once (`AnswerRenderer`).
    renderer_classes = [
        AnswerRenderer if renderer is JSONRenderer else renderer
        for renderer in cast("list[type[BaseRenderer]]", api_settings.DEFAULT_RENDERER_CLASSES)
    ]

    @extend_schema(
        request=QuoteRequestSerializer,
        responses={200: QuoteResponseSerializer, 400: OpenApiResponse(description="Errors named by field.")},
    )
    @keeps_answers()
    def post(self, request):
        query = QuoteRequestSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        result, now = price_quote_compared(
            load_catalog(data["agreement"]),
            lines=line_requests(data["lines"]),
            on=data["on"],
            as_agreed=data.get("as_agreed"),
            entity=data["entity"],
        )
        return Response(quote_answer(result, now))  # what QuoteResponseSerializer writes (see quote_answer)


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
