"""Query parameters shared by point-in-time endpoints."""

from django.utils import timezone
from rest_framework import serializers


class AsOfQuerySerializer(serializers.Serializer):
    on = serializers.DateField(required=False, help_text="Date the terms apply to (default: today).")
    as_agreed = serializers.DateField(
        required=False, help_text="Count only amendments effective by this date (default: all)."
    )

    def dates(self):
        self.is_valid(raise_exception=True)
        return self.validated_data.get("on") or timezone.localdate(), self.validated_data.get("as_agreed")


class AsOfEchoSerializer(serializers.Serializer):
    """Which dates an answer was computed for; every point-in-time response carries it."""

    on = serializers.DateField()
    as_agreed = serializers.DateField(allow_null=True, help_text="null: every amendment on record")
