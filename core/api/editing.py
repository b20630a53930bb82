"""Editing through the API: the same path as the admin and the forms (`core.editing.save_edit`).

GET returns the record with its `version` (the id of its latest history row). PATCH sends that
`version` back with a `change_reason` and the fields to change. A stale version is refused with
409 naming who changed the record and when; model validation errors are 400s naming the field;
the history row carries the user and the reason.
"""

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import generics, serializers

from core.editing import clean_reason, save_edit, version_of
from core.keys import MAX_ID

_Decorated = TypeVar("_Decorated", bound=Callable[..., Any])


@extend_schema_field(OpenApiTypes.INT)
class VersionField(serializers.Field[Any, Any, int | None, Model]):
    """Read: the record's current version. Write: the version an edit is based on."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", "Send back the version you read; a newer one means someone else saved.")
        super().__init__(source="*", required=False, **kwargs)

    def to_representation(self, obj: Model) -> int | None:
        return version_of(obj)

    def to_internal_value(self, data: Any) -> dict[str, int]:
        return {"_base_version": serializers.IntegerField(min_value=0, max_value=MAX_ID).run_validation(data)}


class VersionedModelSerializer(serializers.ModelSerializer[Model]):
    """A model serializer for edits: `version` (read and write) and a write-only `change_reason`."""

    version = VersionField()
    change_reason = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=500,
        help_text="Why; recorded in the history. Required on edits.",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        problems: dict[str, list[str]] = {}
        if "_base_version" not in attrs:
            problems["version"] = ["Send the version you read, so a concurrent edit is not overwritten."]
        try:
            attrs["change_reason"] = clean_reason(attrs.get("change_reason"))
        except DjangoValidationError as error:
            problems.update(error.message_dict)
        if problems:
            raise serializers.ValidationError(problems)
        return attrs

    def update(self, instance: Model, validated_data: dict[str, Any]) -> Model:
        base_version = validated_data.pop("_base_version")
        reason = validated_data.pop("change_reason")
        for name, value in validated_data.items():
            setattr(instance, name, value)
        return save_edit(instance, reason=reason, base_version=base_version)


STALE_EDIT = OpenApiResponse(description="Someone saved the record after the version sent; nothing was saved.")
INVALID = OpenApiResponse(description="A field is invalid; the body names it.")


def versioned_edit_schema(
    serializer_class: type[serializers.BaseSerializer[Any]],
) -> Callable[[_Decorated], _Decorated]:
    """OpenAPI description of GET + PATCH for a `VersionedUpdateAPIView`."""
    return extend_schema_view(
        patch=extend_schema(responses={200: serializer_class, 400: INVALID, 409: STALE_EDIT}),
    )


class VersionedUpdateAPIView(generics.RetrieveUpdateAPIView[Model]):
    """GET one record with its version; PATCH it with `version` and `change_reason` (no PUT)."""

    http_method_names = ["get", "patch", "head", "options"]
