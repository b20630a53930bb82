"""Correcting a discount line through the API (version and reason required, as in the admin)."""

from core.api_edit import VersionedModelSerializer, VersionedUpdateAPIView, versioned_edit_schema
from pricing.models import DiscountLine


class DiscountLineEditSerializer(VersionedModelSerializer):
    class Meta:
        model = DiscountLine
        fields = [
            "id",
            "product_as_written",
            "column",
            "amendment",
            "component",
            "condition",
            "percent",
            "percent_as_written",
            "no_number_reason",
            "valid_from",
            "valid_to",
            "footnotes",
            "version",
            "change_reason",
        ]
        read_only_fields = ["product_as_written", "column", "amendment"]


@versioned_edit_schema(DiscountLineEditSerializer)
class DiscountLineEditView(VersionedUpdateAPIView):
    """One discount line; contract admins correct it with a reason (overlaps are refused)."""

    queryset = DiscountLine.objects.select_related("table", "amendment")
    serializer_class = DiscountLineEditSerializer
