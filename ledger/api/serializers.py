"""Audit log API input and output: the same filters and entries as the audit log page."""

from rest_framework import serializers

from core.api.forms import FormSerializer
from ledger.audit import AuditFilter
from ledger.forms import AuditFilterForm, audit_filter_of


class AuditQuerySerializer(FormSerializer):
    """The audit log page's filters (`ledger.forms.AuditFilterForm`): records by key, id or exact name."""

    form_class = AuditFilterForm

    def audit_filter(self) -> AuditFilter:
        self.is_valid(raise_exception=True)
        return audit_filter_of(self.validated_data)


class FieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    old = serializers.SerializerMethodField()
    new = serializers.SerializerMethodField()

    def get_old(self, change) -> str | None:
        return None if change.old is None else str(change.old)

    def get_new(self, change) -> str | None:
        return None if change.new is None else str(change.new)


class AuditEntrySerializer(serializers.Serializer):
    when = serializers.DateTimeField()
    user = serializers.SerializerMethodField()
    model = serializers.CharField(source="model_label")
    object_id = serializers.IntegerField()
    object_label = serializers.CharField()
    action = serializers.CharField(source="kind")
    reason = serializers.CharField()
    amendment_id = serializers.IntegerField(allow_null=True)
    changes = FieldChangeSerializer(many=True)

    def get_user(self, entry) -> str | None:
        return entry.user.get_username() if entry.user else None
