"""API shapes of the price check and the credit claim (`purchases.checks.PurchaseCheck` rows)."""

from rest_framework import serializers

from pricing.api.serializers import ClauseSerializer
from pricing.results import AMOUNT_DIGITS, TOTAL_DIGITS


class FlagSerializer(serializers.Serializer):
    code = serializers.CharField(
        help_text="not_customer | outside_term | not_on_schedule | invoiced_differs | remedy_purchase"
    )
    message = serializers.CharField()


class ReadingSerializer(serializers.Serializer):
    """The contractual discount as the agreement stood on `as_agreed` (null: as agreed now)."""

    as_agreed = serializers.DateField(allow_null=True, help_text="null: every amendment on record")
    outcome = serializers.CharField(source="line.outcome.value")
    percent = serializers.DecimalField(max_digits=6, decimal_places=3, allow_null=True)
    clause = ClauseSerializer(allow_null=True)
    schedule = serializers.CharField(source="line.schedule_section")
    why_no_percent = serializers.CharField(help_text="Why there is no percent (empty when there is one).")


class VarianceSerializer(serializers.Serializer):
    amount = serializers.DecimalField(
        max_digits=AMOUNT_DIGITS,
        decimal_places=2,
        allow_null=True,
        help_text="Over (+) or under (−) charge, rounded half up to the cent; null when unknown.",
    )
    why = serializers.CharField(help_text="Why the amount is unknown (empty when known).")


class CreditSerializer(serializers.Serializer):
    amount = serializers.DecimalField(
        max_digits=AMOUNT_DIGITS, decimal_places=2, allow_null=True, help_text="null: unknown (see why)"
    )
    basis = serializers.CharField(help_text="agreed_then | invoiced | empty (unknown)")
    basis_percent = serializers.DecimalField(max_digits=6, decimal_places=3, allow_null=True)
    clause = ClauseSerializer(help_text="The amendment that made the credit due.")
    why = serializers.CharField()


class PriceCheckSerializer(serializers.Serializer):
    purchase = serializers.IntegerField(source="purchase.pk")
    purchase_text = serializers.CharField(source="purchase")
    agreement = serializers.CharField(source="purchase.agreement.contract_number")
    buyer = serializers.CharField(source="purchase.buyer.slug")
    buyer_name = serializers.CharField(source="purchase.buyer.name")
    product_as_entered = serializers.CharField(source="purchase.product_as_entered")
    order_date = serializers.DateField(source="purchase.order_date")
    invoice_date = serializers.DateField(source="purchase.invoice_date", allow_null=True)
    quantity = serializers.IntegerField(source="purchase.quantity")
    list_amount = serializers.DecimalField(source="purchase.list_amount", max_digits=AMOUNT_DIGITS, decimal_places=2)
    invoiced_percent = serializers.DecimalField(
        source="purchase.invoiced_percent", max_digits=6, decimal_places=3, allow_null=True
    )
    as_agreed_now = ReadingSerializer(source="now")
    as_agreed_on_invoice_date = ReadingSerializer(source="then")
    variance_now = VarianceSerializer()
    variance_on_invoice_date = VarianceSerializer(source="variance_then")
    credit = CreditSerializer(allow_null=True)
    flags = FlagSerializer(many=True)


class TotalSerializer(serializers.Serializer):
    key = serializers.CharField()
    amount = serializers.DecimalField(max_digits=TOTAL_DIGITS, decimal_places=2)
    lines = serializers.IntegerField()
    unknown = serializers.IntegerField(help_text="Lines whose credit is unknown (not in amount).")
