"""Audit log API: the same entries and filters as the audit log page."""

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.views import APIView

from core.api import MAX_ID, BoundedLimitOffsetPagination
from core.audit import AuditFilter, AuditLog, audited_models


class AuditQuerySerializer(serializers.Serializer):
    user = serializers.CharField(required=False, help_text="username")
    model = serializers.ChoiceField(choices=[], required=False, help_text="app_label.model_name")
    object_id = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False)
    amendment = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID, help_text="amendment id")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model"].choices = [m._meta.label_lower for m in audited_models()]

    def validate_user(self, username):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise serializers.ValidationError(f"No user named {username!r}.")
        return user

    def validate(self, attrs):
        if attrs.get("date_from") and attrs.get("date_to") and attrs["date_to"] < attrs["date_from"]:
            raise serializers.ValidationError({"date_to": "Must not be before date_from."})
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


class AuditLogAPIView(APIView):
    """Every change to every audited record, newest first (auditors and contract admins)."""

    required_permissions = ["core.view_history"]
    pagination_class = BoundedLimitOffsetPagination

    @extend_schema(parameters=[AuditQuerySerializer], responses=AuditEntrySerializer(many=True))
    def get(self, request):
        log = AuditLog(AuditQuerySerializer(data=request.query_params).audit_filter())
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(log, request, view=self)
        return paginator.get_paginated_response(AuditEntrySerializer(page, many=True).data)
