"""Release board API: the same filters and computed flags as the board page."""

from typing import cast

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from core.api.editing import VersionedUpdateAPIView, versioned_edit_schema
from core.api.pagination import BoundedLimitOffsetPagination
from releases.api.serializers import (
    BoardPageSerializer,
    BoardQuerySerializer,
    ReleaseDetailSerializer,
    ReleaseOnQuerySerializer,
    ReleaseTrackingSerializer,
    RemedyEditSerializer,
)
from releases.board import BoardRow, board_rows, release_status
from releases.filtersets import flag_from_choice
from releases.models import Milestone, Release, Remedy
from releases.querysets import ReleaseQuerySet


class ReleaseBoardAPIView(GenericAPIView):
    """Every release with its flags for one milestone on the as-of date (reading needs view_release)."""

    queryset = Release.objects.for_slips()
    pagination_class = BoundedLimitOffsetPagination
    filter_backends: list = []

    @extend_schema(operation_id="releases_board", parameters=[BoardQuerySerializer], responses=BoardPageSerializer)
    def get(self, request):
        query = BoardQuerySerializer(data=request.query_params)
        as_of = query.as_of().on
        params = query.validated_data
        releases = cast(ReleaseQuerySet, self.get_queryset())  # queryset above: Release.objects.for_slips()
        if params.get("product_line"):
            releases = releases.in_product_line(params["product_line"])
        milestone = params.get("milestone") or Milestone.GA
        rows = board_rows(
            releases,
            as_of=as_of,
            milestone=milestone,
            flag=flag_from_choice(params.get("flag")),
            deadline_from=params.get("deadline_from"),
            deadline_to=params.get("deadline_to"),
        )
        paginator = cast(BoundedLimitOffsetPagination, self.paginator)  # pagination_class above
        # Computed rows are a list; limit/offset pagination slices any sequence.
        page: list[BoardRow] | None = paginator.paginate_queryset(rows, request, view=self)  # type: ignore[arg-type]  # stubs: QuerySet only
        data = {
            "on": as_of,
            "milestone": milestone,
            "count": paginator.count,
            "next": paginator.get_next_link(),
            "previous": paginator.get_previous_link(),
            "results": page,
        }
        return Response(BoardPageSerializer(data).data)


class ReleaseDetailAPIView(GenericAPIView):
    """One release: both milestones' flags on the as-of date, its revisions and remedies."""

    queryset = Release.objects.for_slips()
    filter_backends: list = []

    @extend_schema(
        operation_id="releases_detail", parameters=[ReleaseOnQuerySerializer], responses=ReleaseDetailSerializer
    )
    def get(self, request, pk):
        as_of = ReleaseOnQuerySerializer(data=request.query_params).as_of()
        release = get_object_or_404(self.get_queryset(), pk=pk)
        status = release_status(release, as_of=as_of.on)
        return Response(ReleaseDetailSerializer(status).data)


@versioned_edit_schema(ReleaseTrackingSerializer)
class ReleaseTrackingEditAPIView(VersionedUpdateAPIView):
    """A release's actual dates and the Customer's need-by date (the Exhibit B text is not editable)."""

    queryset = Release.objects.all()
    serializer_class = ReleaseTrackingSerializer


@versioned_edit_schema(RemedyEditSerializer)
class RemedyEditAPIView(VersionedUpdateAPIView):
    """A slip remedy's substitute, dates and change-out."""

    queryset = Remedy.objects.select_related("release")
    serializer_class = RemedyEditSerializer
