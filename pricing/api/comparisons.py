"""Price comparison exhibits (Exhibit C) over the API: as printed, recomputed, with their findings.

The figures and findings come from `pricing.comparison.check_comparison`, the same call the page makes;
a finding's review comes from `core.findings.reviews_for`. As on the page, buyers learn that a finding
was reviewed, not the reviewer's note.
"""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from core.findings import reviews_for
from pricing.comparison import check_comparison
from pricing.models import PriceComparison


class PriceComparisonSerializer(serializers.ModelSerializer[PriceComparison]):
    agreement = serializers.CharField(source="amendment.agreement.contract_number")
    amendment = serializers.IntegerField(source="amendment.number")

    class Meta:
        model = PriceComparison
        fields = ["id", "agreement", "amendment", "exhibit", "title", "note"]


class CheckedRowSerializer(serializers.Serializer[Any]):
    key = serializers.CharField(source="row.key")
    position = serializers.IntegerField(source="row.position")
    kind = serializers.CharField(source="row.kind")
    item = serializers.CharField(source="row.item")
    old_as_written = serializers.CharField(source="row.old_as_written")
    new_as_written = serializers.CharField(source="row.new_as_written")
    reduction_as_written = serializers.CharField(source="row.reduction_as_written")
    old_printed = serializers.DecimalField(source="row.old", max_digits=14, decimal_places=2, allow_null=True)
    new_printed = serializers.DecimalField(source="row.new", max_digits=14, decimal_places=2, allow_null=True)
    reduction_printed = serializers.DecimalField(
        source="row.reduction_percent", max_digits=7, decimal_places=2, allow_null=True
    )
    covers = serializers.ListField(child=serializers.CharField(), help_text="The items a subtotal or total sums.")
    old_computed = serializers.DecimalField(source="old", max_digits=16, decimal_places=2, allow_null=True)
    new_computed = serializers.DecimalField(source="new", max_digits=16, decimal_places=2, allow_null=True)
    reduction_computed = serializers.DecimalField(source="reduction", max_digits=9, decimal_places=2, allow_null=True)
    old_differs = serializers.BooleanField()
    new_differs = serializers.BooleanField()
    reduction_differs = serializers.BooleanField()


class CommitmentCheckSerializer(serializers.Serializer[Any]):
    rule_text_ref = serializers.CharField()
    minimum_percent = serializers.DecimalField(max_digits=7, decimal_places=2)
    scope = serializers.CharField()
    savings_percent = serializers.DecimalField(max_digits=9, decimal_places=2, allow_null=True)
    met = serializers.BooleanField(allow_null=True, help_text="Null: unknown (the savings are unknown).")


class FindingSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    kind = serializers.CharField()
    row_key = serializers.CharField()
    message = serializers.CharField()
    numbers = serializers.SerializerMethodField()
    reviewed = serializers.SerializerMethodField()

    @extend_schema_field({"type": "object", "additionalProperties": {"type": "string", "nullable": True}})
    def get_numbers(self, finding: Any) -> dict[str, str | None]:
        return {name: None if value is None else str(value) for name, value in finding.numbers}

    @extend_schema_field(
        {
            "type": "object",
            "nullable": True,
            "properties": {
                "by": {"type": "string"},
                "at": {"type": "string", "format": "date-time"},
                "note": {"type": "string", "description": "Only for auditors and contract admins."},
            },
        }
    )
    def get_reviewed(self, finding: Any) -> dict[str, Any] | None:
        review = self.context["reviews"].get(finding.code)
        if review is None:
            return None
        shown: dict[str, Any] = {"by": review.reviewed_by.get_username(), "at": review.reviewed_at}
        if self.context["sees_review_notes"]:
            shown["note"] = review.note
        return shown


class PriceComparisonDetailSerializer(PriceComparisonSerializer):
    columns = serializers.ListField(child=serializers.CharField(), source="column_list")
    footnotes = serializers.CharField()
    rows = serializers.SerializerMethodField()
    commitments = serializers.SerializerMethodField()
    findings = serializers.SerializerMethodField()

    class Meta(PriceComparisonSerializer.Meta):
        fields = [*PriceComparisonSerializer.Meta.fields, "columns", "footnotes", "rows", "commitments", "findings"]

    @extend_schema_field(CheckedRowSerializer(many=True))
    def get_rows(self, comparison: PriceComparison) -> Any:
        return CheckedRowSerializer(self.context["check"].rows, many=True).data

    @extend_schema_field(CommitmentCheckSerializer(many=True))
    def get_commitments(self, comparison: PriceComparison) -> Any:
        return CommitmentCheckSerializer(self.context["check"].commitments, many=True).data

    @extend_schema_field(FindingSerializer(many=True))
    def get_findings(self, comparison: PriceComparison) -> Any:
        return FindingSerializer(self.context["check"].findings, many=True, context=self.context).data


class PriceComparisonListAPIView(generics.ListAPIView[PriceComparison]):
    """Price comparison exhibits (Exhibit C), newest amendment first."""

    queryset = PriceComparison.objects.select_related("amendment__agreement").order_by(
        "-amendment__effective_date", "pk"
    )
    serializer_class = PriceComparisonSerializer


class PriceComparisonDetailAPIView(generics.RetrieveAPIView[PriceComparison]):
    """One exhibit: every row as printed and recomputed, the minimum-savings checks, the findings and their reviews."""

    queryset = PriceComparison.objects.select_related("amendment__agreement")
    serializer_class = PriceComparisonDetailSerializer

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        comparison = self.get_object()
        user = request.user
        context = {
            **self.get_serializer_context(),
            "check": check_comparison(comparison),
            "reviews": reviews_for(comparison),
            "sees_review_notes": user.has_perm("core.review_findings") or user.has_perm("core.view_history"),
        }
        return Response(self.get_serializer_class()(comparison, context=context).data)
