from rest_framework import serializers

from obligations.models import Commitment, SeatUse, TrainingIncentive, TrainingProductGroup, clause_url
from obligations.tables import measure_text


class _ClauseMixin(serializers.Serializer):  # type: ignore[type-arg]
    agreement = serializers.CharField(source="agreement.contract_number", read_only=True)
    amendment = serializers.IntegerField(source="amendment.number", read_only=True)
    clause_key = serializers.CharField(source="clause.key", default=None, allow_null=True, read_only=True)
    clause_url = serializers.SerializerMethodField(help_text="Where the clause is read (agreement page or amendment).")

    def get_clause_url(self, obj) -> str:
        return clause_url(obj)


class TrainingProductGroupSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    products = serializers.ListField(source="product_list", child=serializers.CharField(), read_only=True)

    class Meta:
        model = TrainingProductGroup
        fields = ["key", "clause", "products"]


class TrainingIncentiveSerializer(_ClauseMixin, serializers.ModelSerializer):  # type: ignore[type-arg]
    groups = TrainingProductGroupSerializer(many=True, read_only=True)

    class Meta:
        model = TrainingIncentive
        fields = [
            "id",
            "key",
            "agreement",
            "section",
            "amendment",
            "amendment_section",
            "clause_key",
            "clause_url",
            "threshold",
            "seats_per_threshold",
            "use_within_months",
            "course",
            "groups",
            "note",
        ]


class SeatSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """One seat earned (`obligations.training.Seat`), its status on the date asked."""

    clause = serializers.CharField(source="group.clause")
    block = serializers.IntegerField(source="block.number")
    seat = serializers.IntegerField(source="number")
    earned_on = serializers.DateField()
    use_by = serializers.DateField(allow_null=True, help_text="null: a purchase of the block has not shipped.")
    status = serializers.SerializerMethodField()
    purchases = serializers.ListField(source="block.purchases", child=serializers.IntegerField())
    seat_use = serializers.IntegerField(source="use.pk", default=None, allow_null=True)

    def get_status(self, seat) -> str:
        return seat.status(self.context["on"])


class GroupTallySerializer(serializers.Serializer):  # type: ignore[type-arg]
    clause = serializers.CharField(source="group.clause")
    purchases = serializers.IntegerField()
    counted = serializers.DecimalField(max_digits=18, decimal_places=2, help_text="Amounts paid, USD.")
    toward_next = serializers.DecimalField(max_digits=18, decimal_places=2)
    unknown_amounts = serializers.IntegerField(help_text="Purchases whose amount paid is unknown (not counted).")


class SeatsSerializer(serializers.Serializer):  # type: ignore[type-arg]
    on = serializers.DateField()
    earned = serializers.IntegerField()
    earned_is_at_least = serializers.BooleanField(source="at_least")
    used = serializers.IntegerField()
    remaining = serializers.IntegerField()
    expired = serializers.IntegerField()
    expiring_within_60_days = SeatSerializer(source="expiring", many=True)
    groups = GroupTallySerializer(source="tallies", many=True)
    uncovered_uses = serializers.SerializerMethodField()
    seats = SeatSerializer(many=True)

    def get_uncovered_uses(self, report) -> list[int]:
        return [use.pk for use in report.uncovered]


class SeatUseSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    agreement = serializers.CharField(source="incentive.agreement.contract_number", read_only=True)
    recorded_by = serializers.CharField(source="recorded_by.username", read_only=True)

    class Meta:
        model = SeatUse
        fields = ["id", "incentive", "agreement", "attendee", "course", "used_on", "recorded_by", "note"]


class CommitmentSerializer(_ClauseMixin, serializers.ModelSerializer):  # type: ignore[type-arg]
    measure = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField(help_text="On the `on` date.")
    evidence = serializers.SerializerMethodField()
    evidence_url = serializers.SerializerMethodField()
    spend = serializers.SerializerMethodField(
        help_text="Amount paid (USD) toward it; null where it has no money measure."
    )
    spend_unknown = serializers.SerializerMethodField(help_text="Purchases counted apart: amount unknown.")
    date_on_record = serializers.SerializerMethodField(help_text="The date it falls due as agreed on `on`.")

    class Meta:
        model = Commitment
        fields = [
            "id",
            "key",
            "agreement",
            "kind",
            "obligor",
            "obligor_entities",
            "title",
            "amendment",
            "amendment_section",
            "clause_key",
            "clause_url",
            "summary",
            "tier_iii_cities",
            "tier_iv_cities",
            "amount",
            "percent",
            "due_date",
            "measure",
            "status",
            "evidence",
            "evidence_url",
            "spend",
            "spend_unknown",
            "date_on_record",
            "note",
        ]

    def _status(self, obj):
        return self.context["statuses"][obj.pk]

    def get_measure(self, obj) -> str:
        return measure_text(obj)

    def get_status(self, obj) -> str:
        return self._status(obj).status

    def get_evidence(self, obj) -> str:
        return self._status(obj).evidence

    def get_evidence_url(self, obj) -> str:
        return self._status(obj).evidence_url

    def get_spend(self, obj) -> str | None:
        spend = self._status(obj).spend
        return None if spend is None else f"{spend:.2f}"

    def get_spend_unknown(self, obj) -> int:
        return self._status(obj).spend_unknown

    def get_date_on_record(self, obj) -> str | None:
        due = self._status(obj).due
        return due.isoformat() if due else None
