"""Audit log API input and output: the same filters and entries as the audit log page."""

from typing import cast

from django.contrib.auth import get_user_model
from rest_framework import serializers

from core.history import audited_models
from core.keys import MAX_ID
from core.validators import date_range_errors
from ledger.audit import AuditFilter


class AuditQuerySerializer(serializers.Serializer):
    user = serializers.CharField(required=False, help_text="username")
    model = serializers.ChoiceField(choices=[], required=False, help_text="app_label.model_name")
    object_id = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False)
    amendment = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID, help_text="amendment id")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        model_field = cast(serializers.ChoiceField, self.fields["model"])
        model_field.choices = [m._meta.label_lower for m in audited_models()]

    def validate_user(self, username):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise serializers.ValidationError(f"No user named {username!r}.")
        return user

    def validate(self, attrs):
        errors = date_range_errors(
            attrs.get("date_from"), attrs.get("date_to"), field="date_to", start_label="date_from"
        )
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    def audit_filter(self):
        self.is_valid(raise_exception=True)
        data = self.validated_data
        return AuditFilter(
            user_id=data["user"].pk if data.get("user") else None,
            model=data.get("model"),
            object_id=data.get("object_id"),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            amendment_id=data.get("amendment"),
        )


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
