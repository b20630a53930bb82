from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from contracts.api import serializers as s
from contracts.filtersets import AgreementFilterSet, AmendmentFilterSet, LegalEntityFilterSet
from contracts.lookup import PAGE_SIZE, describe, entities_named
from contracts.models import Agreement, Amendment, LegalEntity, Signature, TermVersion
from contracts.recorded import recorded_records
from contracts.snapshot import agreement_snapshot
from core.answers import keeps_answers
from core.api.editing import VersionedUpdateAPIView, versioned_edit_schema
from core.api.fields import KeyOrIdLookupMixin, KeyOrIdRelatedField, key_or_id_path_parameter
from core.api.pagination import BoundedLimitOffsetPagination
from core.pointintime.inputs import PointInTimeSerializer


class RecordedAsOfQuerySerializer(PointInTimeSerializer):
    """The three time axes: `recorded_at` reads the agreement as the database held it then."""

    axes = ("on", "as_agreed", "recorded_at")


class EntityLookupPagination(BoundedLimitOffsetPagination):
    """A page of matches carries each match's eligibility: smaller pages than a plain list."""

    default_limit = PAGE_SIZE
    max_limit = 100


class EntityLookupQuerySerializer(PointInTimeSerializer):
    name = serializers.CharField(max_length=200, help_text="Any name: current, former, defined term.")
    agreement = KeyOrIdRelatedField(
        queryset=Agreement.objects.all(),
        key_field="contract_number",
        required=False,
        help_text="Contract number or id: authorization under this agreement only, its Customers first. "
        "Empty: each entity under the agreements it was added to as a Customer.",
    )
    limit = serializers.IntegerField(
        min_value=1, max_value=EntityLookupPagination.max_limit, required=False, help_text="Matches per page."
    )
    offset = serializers.IntegerField(
        min_value=0, max_value=EntityLookupPagination.max_offset, required=False, help_text="Matches to skip."
    )


@extend_schema_view(retrieve=extend_schema(parameters=[key_or_id_path_parameter("agreement")]))
class AgreementViewSet(KeyOrIdLookupMixin, viewsets.ReadOnlyModelViewSet):
    """Agreements; a detail URL takes the contract number or the id."""

    queryset = Agreement.objects.select_related("seller")
    serializer_class = s.AgreementSerializer
    filterset_class = AgreementFilterSet
    lookup_key_field = "contract_number"

    @extend_schema(
        parameters=[RecordedAsOfQuerySerializer, key_or_id_path_parameter("agreement")],
        responses=s.AgreementSnapshotSerializer,
    )
    # The list's filters (`q`, `seller`) do not apply to one agreement's answer: not built per request.
    @action(detail=True, url_path="as-of", filter_backends=[])
    @keeps_answers()
    def as_of(self, request, pk=None):
        """The agreement on a date: customers, term and provisions in force.

        With `recorded_at`, as the database recorded it at that moment (needs history access).
        """
        as_of = RecordedAsOfQuerySerializer(data=request.query_params).as_of()
        on, as_agreed, recorded_at = as_of.on, as_of.as_agreed, as_of.recorded_at
        agreement = self.get_object()
        if recorded_at is None:
            snapshot = agreement_snapshot(agreement, on=on, as_agreed=as_agreed)
            return Response(s.AgreementSnapshotSerializer(snapshot).data)
        if not request.user.has_perm("core.view_history"):
            raise PermissionDenied("recorded_at needs permission to view history.")
        records = recorded_records(agreement.pk, recorded_at)
        if records is None:
            raise NotFound(f"The agreement did not exist at {recorded_at.isoformat()}.")
        snapshot = agreement_snapshot(records.agreement, on=on, as_agreed=as_agreed, records=records)
        return Response({**s.AgreementSnapshotSerializer(snapshot).data, "recorded_at": recorded_at})


class AmendmentViewSet(viewsets.ReadOnlyModelViewSet):
    """Amendments, one page at a time; `agreement` (contract number or id) keeps one agreement's."""

    # Signatures with their entities in one join: a prefetch of the entities would name each of them in the
    # query, which SQLite refuses past a thousand.
    queryset = Amendment.objects.prefetch_related(
        Prefetch("signatures", queryset=Signature.objects.select_related("entity"))
    )
    serializer_class = s.AmendmentSerializer
    filterset_class = AmendmentFilterSet


@extend_schema_view(retrieve=extend_schema(parameters=[key_or_id_path_parameter("entity")]))
class LegalEntityViewSet(KeyOrIdLookupMixin, viewsets.ReadOnlyModelViewSet):
    """Legal entities; a detail URL takes the entity's key or its id."""

    queryset = LegalEntity.objects.select_related("parent").prefetch_related("other_names").order_by("name", "pk")
    serializer_class = s.LegalEntitySerializer
    filterset_class = LegalEntityFilterSet
    lookup_key_field = "slug"

    @extend_schema(parameters=[EntityLookupQuerySerializer], responses=s.EntityLookupResponseSerializer)
    @action(detail=False)
    @keeps_answers()
    def lookup(self, request):
        """Entities by any of their names, one page at a time, and whether each may buy on the date."""
        query = EntityLookupQuerySerializer(data=request.query_params)
        as_of = query.as_of()
        name, agreement = query.validated_data["name"], query.validated_data.get("agreement")
        found = entities_named(name, agreement=agreement)
        paginator = EntityLookupPagination()
        page = paginator.paginate_queryset(found.entities, request, view=self) or []
        body = {
            "name": name,
            "as_of": as_of,
            "agreement": agreement,
            "count": paginator.count,
            "next": paginator.get_next_link(),
            "previous": paginator.get_previous_link(),
            "matches": describe(found, page, on=as_of.on, as_agreed=as_of.as_agreed, agreement=agreement),
        }
        return Response(s.EntityLookupResponseSerializer(body).data)


@versioned_edit_schema(s.TermVersionEditSerializer)
class TermVersionEditAPIView(VersionedUpdateAPIView):
    """The Term's expiry as set by an amendment; contract admins correct it with a reason."""

    queryset = TermVersion.objects.select_related("amendment")
    serializer_class = s.TermVersionEditSerializer
