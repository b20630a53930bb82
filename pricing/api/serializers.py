"""API shapes of the pricing app: discount lines, and a quote's request and answer."""

from functools import cached_property
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.editing import VersionedModelSerializer
from core.api.forms import FormSerializer
from pricing.api.quote_lines import LineReader
from pricing.forms import API_MAX_LINES, TOO_MANY_LINES, QuoteForm, QuoteLineForm
from pricing.models import DiscountLine, SavedQuote, SavedQuoteLine
from pricing.results import AMOUNT_DIGITS, TOTAL_DIGITS

# What a discount line says, as read and as corrected.
_LINE_TERMS = [
    "component",
    "condition",
    "percent",
    "percent_as_written",
    "no_number_reason",
    "valid_from",
    "valid_to",
]


class DiscountLineSerializer(serializers.ModelSerializer):
    product = serializers.CharField(source="product.name")
    product_id = serializers.IntegerField()
    schedule = serializers.CharField(source="table.schedule.section")
    amendment = serializers.IntegerField(source="table.amendment.number")
    amendment_effective_date = serializers.DateField(source="table.amendment.effective_date")
    amendment_section = serializers.CharField(source="table.amendment_section")
    table_action = serializers.CharField(source="table.action")

    class Meta:
        model = DiscountLine
        fields = [
            "id",
            "product",
            "product_id",
            "product_as_written",
            "schedule",
            *_LINE_TERMS,
            "amendment",
            "amendment_effective_date",
            "amendment_section",
            "table_action",
            "footnotes",
            "order_code",
        ]

    @classmethod
    def row_values(cls) -> list[str]:
        """The columns of a line's row (`QuerySet.values`) that `to_representation` reads: each field's
        source, "table.schedule.section" as "table__schedule__section"."""
        return [column for _, column, _ in cls()._row_fields]

    @cached_property
    def _row_fields(self) -> list[tuple[str, str, Any]]:
        return [
            (str(field.field_name), str(field.source).replace(".", "__"), field.to_representation)
            for field in self._readable_fields
        ]

    def to_representation(self, instance: Any) -> dict[str, Any]:
        """A line, or its row of `row_values()`: the list reads rows, each value converted by its own
        serializer field. A page of fifty lines with their product, table, schedule and amendment as
        model instances cost more than the question that found them."""
        if not isinstance(instance, dict):
            return super().to_representation(instance)
        return {
            name: None if (value := instance[column]) is None else convert(value)
            for name, column, convert in self._row_fields
        }


class DiscountLineEditSerializer(VersionedModelSerializer):
    """A correction of a discount line; where it was printed is not editable."""

    class Meta:
        model = DiscountLine
        read_only_fields = ["product_as_written", "column", "amendment"]
        fields = ["id", *read_only_fields, *_LINE_TERMS, "footnotes", "version", "change_reason"]


class QuoteLineRequestSerializer(FormSerializer):
    """One line: the fields, limits and checks of the quote page's `QuoteLineForm`."""

    form_class = QuoteLineForm


_LINE_READER = LineReader(QuoteLineForm)


class QuoteLinesSerializer(serializers.ListSerializer[Any]):
    """A quote's lines, each read by `QuoteLineRequestSerializer`, or, where that is sure to give the same
    values, by `pricing.api.quote_lines.LineReader` without building a form per line (a line the reader is
    not sure of goes through the form, which names its errors as before)."""

    def to_internal_value(self, data: Any) -> Any:
        self._read = _LINE_READER.checker() if _LINE_READER.available else None
        return super().to_internal_value(data)

    def run_child_validation(self, data: Any) -> Any:
        read = getattr(self, "_read", None)
        values = read(data) if read is not None else None
        return values if values is not None else super().run_child_validation(data)


class QuoteRequestSerializer(FormSerializer):
    """A quote: the quote page's `QuoteForm` (entity and agreement by key or id) and its lines."""

    form_class = QuoteForm
    # What `many=True` builds, spelled out: the stubs' serializer __init__ lacks the list-only `max_length`.
    lines: serializers.ListSerializer[Any] = QuoteLinesSerializer(
        child=QuoteLineRequestSerializer(), allow_empty=False, max_length=API_MAX_LINES
    )

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        # The line count first: an oversized quote is refused before the header or any line is read.
        lines = data.get("lines") if isinstance(data, dict) else None
        if isinstance(lines, list) and len(lines) > API_MAX_LINES:
            raise serializers.ValidationError({"lines": [TOO_MANY_LINES % {"num": API_MAX_LINES}]}, code="max_length")
        return super().to_internal_value(data)


class ClauseSerializer(serializers.Serializer):
    amendment_number = serializers.IntegerField()
    amendment_date = serializers.DateField()
    amendment_section = serializers.CharField()
    schedule_section = serializers.CharField()
    text_ref = serializers.CharField()
    text = serializers.CharField(source="__str__")


class WarrantySerializer(serializers.Serializer):
    component = serializers.CharField()
    period = serializers.CharField()
    clause = ClauseSerializer(allow_null=True)


class QuoteLineResultSerializer(serializers.Serializer):
    product_asked = serializers.CharField(source="request.product")
    product = serializers.CharField(source="product_name")
    product_id = serializers.IntegerField(source="product_pk", allow_null=True)
    schedule = serializers.CharField(source="schedule_section")
    component = serializers.CharField()
    quantity = serializers.IntegerField(source="request.quantity")
    outcome = serializers.CharField(source="outcome.value")
    percent = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    rule = serializers.CharField()
    clause = ClauseSerializer(allow_null=True)
    # Wide enough for any amount the quote's input limits allow (`pricing.results`).
    unit_net = serializers.DecimalField(max_digits=AMOUNT_DIGITS, decimal_places=2, allow_null=True)
    extended_list = serializers.DecimalField(max_digits=AMOUNT_DIGITS, decimal_places=2, allow_null=True)
    extended_net = serializers.DecimalField(max_digits=AMOUNT_DIGITS, decimal_places=2, allow_null=True)
    warranties = WarrantySerializer(many=True)
    warnings = serializers.ListField(child=serializers.CharField())
    candidates = serializers.ListField(child=serializers.CharField())


# The documented answer. The API writes it with `pricing.api.quotes.quote_answer`, field by field the same
# (tests/pricing/test_quote_bulk.py compares the two, byte for byte). A docstring here would enter the schema.
class QuoteResponseSerializer(serializers.Serializer):
    on = serializers.DateField(source="as_of.on")
    as_agreed = serializers.DateField(source="as_of.as_agreed", allow_null=True)
    entity = serializers.CharField(source="entity_name")
    eligibility = serializers.CharField(source="eligibility.standing.value")
    eligibility_reasons = serializers.ListField(child=serializers.CharField(), source="eligibility.reasons")
    lines = QuoteLineResultSerializer(many=True)
    total_list = serializers.DecimalField(max_digits=TOTAL_DIGITS, decimal_places=2)
    total_net = serializers.DecimalField(
        max_digits=TOTAL_DIGITS, decimal_places=2, help_text="Sum of the rounded nets of the priced lines."
    )
    complete = serializers.BooleanField(help_text="False when a line could not be priced.")
    as_agreed_now = serializers.SerializerMethodField(
        help_text="Only with as_agreed: per line, the answer as agreed now where it differs (else null)."
    )

    # A list whose items may be null (a line whose answer did not change), not a list that may be null.
    # (QuoteLineResult is the component of `lines`, so it is always in the schema.)
    @extend_schema_field(
        {
            "type": "array",
            "items": {"allOf": [{"$ref": "#/components/schemas/QuoteLineResult"}], "nullable": True},
        }
    )
    def get_as_agreed_now(self, obj):
        return [QuoteLineResultSerializer(line).data if line else None for line in self.context.get("now", [])]


class SavedQuoteLineSerializer(serializers.ModelSerializer):
    """A saved line: its inputs as the user stated them, and its answer when saved."""

    packet_components = serializers.SerializerMethodField()

    class Meta:
        model = SavedQuoteLine
        fields = [
            "position",
            "product",
            "component",
            "condition",
            "stsx1_cards_added",
            "order_code",
            "list_price",
            "quantity",
            "packet_components",
            "installed_at_one_time",
            "quoted_unit_price",
            "comparable_5ess_price",
            "saved_outcome",
            "saved_percent",
            "saved_extended_net",
            "saved_clause",
        ]

    def get_packet_components(self, line: SavedQuoteLine) -> list[str]:
        return [part for part in line.packet_components.split(",") if part]


class SavedQuoteSerializer(serializers.ModelSerializer):
    """A saved quote's header and the answer it had when saved (reopen it on the page to price it again)."""

    agreement = serializers.CharField(source="agreement.contract_number")
    entity = serializers.CharField(source="entity.slug")
    owner = serializers.CharField(source="owner.username")

    class Meta:
        model = SavedQuote
        fields = [
            "id",
            "title",
            "owner",
            "agreement",
            "entity",
            "on",
            "as_agreed",
            "shows_all_entities",
            "created_at",
            "saved_at",
            "saved_total_net",
            "saved_complete",
        ]


class SavedQuoteDetailSerializer(SavedQuoteSerializer):
    lines = SavedQuoteLineSerializer(many=True)

    class Meta(SavedQuoteSerializer.Meta):
        fields = [*SavedQuoteSerializer.Meta.fields, "lines"]
