"""API shapes of the pricing app: discount lines, and a quote's request and answer."""

from decimal import Decimal

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from contracts.models import Agreement, LegalEntity
from core.api import TextSlugRelatedField
from pricing.choices import Component
from pricing.models import DiscountLine
from pricing.results import PACKET_COMPONENTS, LineRequest, UserCondition


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
            "component",
            "condition",
            "percent",
            "percent_as_written",
            "no_number_reason",
            "valid_from",
            "valid_to",
            "amendment",
            "amendment_effective_date",
            "amendment_section",
            "table_action",
            "footnotes",
            "order_code",
        ]


_MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": Decimal("0")}


class QuoteLineRequestSerializer(serializers.Serializer):
    product = serializers.CharField(max_length=200, help_text="Any name, abbreviation or order code.")
    list_price = serializers.DecimalField(required=False, allow_null=True, **_MONEY)
    quantity = serializers.IntegerField(min_value=1, max_value=1_000_000, default=1)
    component = serializers.ChoiceField(choices=Component.choices, required=False, allow_blank=True, default="")
    condition = serializers.ChoiceField(
        choices=[c for c, _ in UserCondition.CHOICES if c], required=False, allow_blank=True, default=""
    )
    stsx1_cards_added = serializers.IntegerField(min_value=0, max_value=100_000, required=False, allow_null=True)
    order_code = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    packet_components = serializers.ListField(
        child=serializers.ChoiceField(choices=PACKET_COMPONENTS), required=False, default=list
    )
    installed_at_one_time = serializers.BooleanField(required=False, default=False)
    quoted_unit_price = serializers.DecimalField(required=False, allow_null=True, **_MONEY)
    comparable_5ess_price = serializers.DecimalField(required=False, allow_null=True, **_MONEY)

    def to_request(self, data) -> LineRequest:
        return LineRequest(**{**data, "packet_components": frozenset(data.get("packet_components", []))})


class QuoteRequestSerializer(serializers.Serializer):
    agreement = TextSlugRelatedField(
        slug_field="contract_number",
        queryset=Agreement.objects.all(),
        required=False,
        help_text="Contract number; may be left out when there is only one agreement.",
    )
    entity = TextSlugRelatedField(
        slug_field="slug", queryset=LegalEntity.objects.all(), help_text="The buying entity's key."
    )
    on = serializers.DateField(help_text="Order date: the date the terms apply to.")
    as_agreed = serializers.DateField(
        required=False, allow_null=True, help_text="Count only amendments effective by this date."
    )
    lines = QuoteLineRequestSerializer(many=True, allow_empty=False, max_length=50)

    def validate(self, attrs):
        if attrs.get("agreement") is None:
            agreements = list(Agreement.objects.all()[:2])
            if len(agreements) != 1:
                raise serializers.ValidationError({"agreement": "Name the agreement (contract number)."})
            attrs["agreement"] = agreements[0]
        return attrs


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
    unit_net = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)
    extended_list = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)
    extended_net = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)
    warranties = WarrantySerializer(many=True)
    warnings = serializers.ListField(child=serializers.CharField())
    candidates = serializers.ListField(child=serializers.CharField())


class QuoteResponseSerializer(serializers.Serializer):
    on = serializers.DateField(source="as_of.on")
    as_agreed = serializers.DateField(source="as_of.as_agreed", allow_null=True)
    entity = serializers.CharField(source="entity_name")
    eligibility = serializers.CharField(source="eligibility.standing.value")
    eligibility_reasons = serializers.ListField(child=serializers.CharField(), source="eligibility.reasons")
    lines = QuoteLineResultSerializer(many=True)
    total_list = serializers.DecimalField(max_digits=18, decimal_places=2)
    total_net = serializers.DecimalField(
        max_digits=18, decimal_places=2, help_text="Sum of the rounded nets of the priced lines."
    )
    complete = serializers.BooleanField(help_text="False when a line could not be priced.")
    as_agreed_now = serializers.SerializerMethodField(
        help_text="Only with as_agreed: per line, the answer as agreed now where it differs (else null)."
    )

    @extend_schema_field(QuoteLineResultSerializer(many=True, allow_null=True))
    def get_as_agreed_now(self, obj):
        return [QuoteLineResultSerializer(line).data if line else None for line in self.context.get("now", [])]
