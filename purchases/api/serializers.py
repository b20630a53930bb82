"""API shapes of the purchase ledger: a purchase with its flags; creating and editing one."""

from typing import Any

from django.db.models import Model
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from contracts.models import Agreement, LegalEntity
from core.api.editing import VersionedModelSerializer, VersionField
from core.api.fields import KeyOrIdRelatedField
from core.editing import save_edit
from purchases.api.pricecheck_serializers import FlagSerializer  # one "Flag" in the schema
from purchases.models import Purchase
from releases.models import Remedy

# What a client writes: every recorded field of a purchase.
WRITABLE_FIELDS = list(Purchase.RECORDED_FIELDS)


def _references() -> dict[str, serializers.Field[Any, Any, Any, Any]]:
    return {
        "agreement": KeyOrIdRelatedField(
            queryset=Agreement.objects.all(), key_field="contract_number", help_text="Contract number or id."
        ),
        "buyer": KeyOrIdRelatedField(
            queryset=LegalEntity.objects.all(), key_field="slug", help_text="The buying entity's key or id."
        ),
        "remedy": serializers.PrimaryKeyRelatedField(
            queryset=Remedy.objects.filter(option=Remedy.Option.NON_LUCENT),
            allow_null=True,
            required=False,
            help_text="A slip remedy (b) of the agreement, for a substitute bought elsewhere.",
        ),
    }


class _ReadVersionField(VersionField):
    """The version annotated on a listed row (`PurchaseQuerySet.with_versions`), else read for the record."""

    def to_representation(self, obj: Model) -> int | None:
        annotated = getattr(obj, "version", _NOT_ANNOTATED)
        return super().to_representation(obj) if annotated is _NOT_ANNOTATED else annotated


_NOT_ANNOTATED = object()


class PurchaseSerializer(VersionedModelSerializer):
    """A purchase as read (with `version` and its flags) and as edited (PATCH: `version`, `change_reason`)."""

    version = _ReadVersionField()

    agreement = _references()["agreement"]
    buyer = _references()["buyer"]
    remedy = _references()["remedy"]
    flags = serializers.SerializerMethodField(help_text="What the contract says about it (purchases.checks).")

    class Meta:
        model = Purchase
        fields = ["id", *WRITABLE_FIELDS, "flags", "version", "change_reason"]

    @extend_schema_field(FlagSerializer(many=True))
    def get_flags(self, purchase: Purchase) -> list[dict[str, str]]:
        flags = self.context.get("flags", {}).get(purchase.pk, ())
        return [{"code": flag.code, "message": flag.message} for flag in flags]


class PurchaseCreateSerializer(serializers.ModelSerializer[Purchase]):
    """A new purchase; `change_reason` is optional (default: "Recorded through the API")."""

    agreement = _references()["agreement"]
    buyer = _references()["buyer"]
    remedy = _references()["remedy"]
    change_reason = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=500)

    class Meta:
        model = Purchase
        fields = ["id", *WRITABLE_FIELDS, "change_reason"]

    def create(self, validated_data: dict[str, Any]) -> Purchase:
        reason = validated_data.pop("change_reason", "").strip() or "Recorded through the API"
        return save_edit(Purchase(**validated_data), reason=reason)
