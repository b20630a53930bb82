"""Obligations API: commitments with their status on a date, training incentives and their seats, seat uses."""

from itertools import groupby

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.autocomplete import AutocompleteFilter
from core.pointintime.inputs import PointInTimeSerializer
from obligations.api import serializers as s
from obligations.filtersets import SEAT_STATUSES
from obligations.models import Commitment, Party, SeatUse, TrainingIncentive
from obligations.register import register
from obligations.training import training_report


class OnQuerySerializer(PointInTimeSerializer):
    axes = ("on",)


class SeatsQuerySerializer(OnQuerySerializer):
    status = serializers.ChoiceField(choices=SEAT_STATUSES, required=False, help_text="Seats with this status only.")


class CommitmentAPIFilterSet(django_filters.FilterSet):
    agreement = AutocompleteFilter(source="agreement", field_name="agreement", label="Agreement")
    obligor = django_filters.ChoiceFilter(choices=Party.choices)
    kind = django_filters.ChoiceFilter(choices=Commitment.Kind.choices)

    class Meta:
        model = Commitment
        fields = ["agreement", "obligor", "kind"]


class TrainingIncentiveAPIFilterSet(django_filters.FilterSet):
    agreement = AutocompleteFilter(source="agreement", field_name="agreement", label="Agreement")

    class Meta:
        model = TrainingIncentive
        fields = ["agreement"]


class SeatUseAPIFilterSet(django_filters.FilterSet):
    agreement = AutocompleteFilter(source="agreement", field_name="incentive__agreement", label="Agreement")
    attendee = django_filters.CharFilter(lookup_expr="icontains", max_length=200)
    course = django_filters.CharFilter(lookup_expr="icontains", max_length=200)
    used_from = django_filters.DateFilter(field_name="used_on", lookup_expr="gte")
    used_to = django_filters.DateFilter(field_name="used_on", lookup_expr="lte")

    class Meta:
        model = SeatUse
        fields = ["incentive", "agreement", "attendee", "course", "used_from", "used_to"]


@extend_schema(parameters=[OnQuerySerializer])
class CommitmentViewSet(viewsets.ReadOnlyModelViewSet):
    """Commitments with their status, evidence and spend on `on` (default today)."""

    queryset = Commitment.objects.select_related("agreement", "amendment", "clause").order_by(
        "agreement_id", "position", "key"
    )
    serializer_class = s.CommitmentSerializer
    filterset_class = CommitmentAPIFilterSet

    def _statuses(self, commitments):
        on = OnQuerySerializer(data=self.request.query_params).as_of().on
        statuses = {}
        # One register per agreement on the page: its facts are read once, whatever the number of rows.
        for _, rows in groupby(sorted(commitments, key=lambda c: c.agreement_id), key=lambda c: c.agreement_id):
            listed = list(rows)
            statuses.update({st.commitment.pk: st for st in register(listed[0].agreement, on=on, commitments=listed)})
        return statuses

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset())) or []
        context = {**self.get_serializer_context(), "statuses": self._statuses(page)}
        return self.get_paginated_response(s.CommitmentSerializer(page, many=True, context=context).data)

    def retrieve(self, request, *args, **kwargs):
        commitment = self.get_object()
        context = {**self.get_serializer_context(), "statuses": self._statuses([commitment])}
        return Response(s.CommitmentSerializer(commitment, context=context).data)


class TrainingIncentiveViewSet(viewsets.ReadOnlyModelViewSet):
    """Training incentives as transcribed (A-1.24); `seats` computes the seats on a date."""

    queryset = (
        TrainingIncentive.objects.select_related("agreement", "amendment", "clause")
        .prefetch_related("groups")
        .order_by("agreement_id", "section", "key")
    )
    serializer_class = s.TrainingIncentiveSerializer
    filterset_class = TrainingIncentiveAPIFilterSet

    @extend_schema(parameters=[SeatsQuerySerializer], responses=s.SeatsSerializer)
    @action(detail=True, filter_backends=[])
    def seats(self, request, pk=None):
        """Seats earned, used, remaining and lapsing on `on`, each with its use-by date; `status` keeps some."""
        query = SeatsQuerySerializer(data=request.query_params)
        on = query.as_of().on
        report = training_report(self.get_object(), on=on)
        wanted = query.validated_data.get("status")
        data = s.SeatsSerializer(report, context={"on": on}).data
        if wanted:
            data["seats"] = [seat for seat in data["seats"] if seat["status"] == wanted]
        return Response(data)


class SeatUseViewSet(viewsets.ReadOnlyModelViewSet):
    """Seats used (contract admins record them on the training page)."""

    queryset = SeatUse.objects.select_related("incentive__agreement", "recorded_by").order_by("-used_on", "-pk")
    serializer_class = s.SeatUseSerializer
    filterset_class = SeatUseAPIFilterSet
