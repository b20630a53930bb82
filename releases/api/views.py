"""Release board API: the same filters and computed flags as the board page."""

from typing import cast

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from core.answers import keeps_answers
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
from releases.board import BoardRow, release_status
from releases.filtersets import board_from
from releases.models import Release, Remedy


class ReleaseBoardAPIView(GenericAPIView):
    """One agreement's releases with their flags for one milestone on the as-of date (reading needs
    view_release). The agreement may be left out when only one agreement has a release schedule."""

    queryset = Release.objects.none()  # the board builds its own query (`releases.board.board`)
    pagination_class = BoundedLimitOffsetPagination
    filter_backends: list = []

    @extend_schema(operation_id="releases_board", parameters=[BoardQuerySerializer], responses=BoardPageSerializer)
    @keeps_answers()
    def get(self, request):
        query = BoardQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        board = board_from(query.validated_data)
        paginator = cast(BoundedLimitOffsetPagination, self.paginator)  # pagination_class above
        # The board counts in the database and assesses only the slice the paginator takes.
        page: list[BoardRow] | None = paginator.paginate_queryset(board, request, view=self)  # type: ignore[arg-type]  # stubs: QuerySet only
        data = {
            "agreement": board.agreement,
            "on": board.as_of,
            "milestone": board.milestone,
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
