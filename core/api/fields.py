"""API fields and lookups: ids bounded before they reach SQL; records by stable key or id (`core.keys`)."""

from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, QuerySet
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema_field
from rest_framework import serializers
from rest_framework.relations import PKOnlyObject

from core.keys import MAX_ID as MAX_ID  # re-exported: API serializers bound ids with it
from core.keys import get_by_key_or_id

if TYPE_CHECKING:
    from rest_framework.generics import GenericAPIView

    # What `KeyOrIdLookupMixin` is mixed into: a generic view or viewset.
    _GenericView = GenericAPIView[Any]
else:
    _GenericView = object

KEY_OR_ID_SCHEMA = {
    "oneOf": [
        {"type": "string", "maxLength": 200, "description": "the record's key"},
        {"type": "integer", "minimum": 1, "maximum": MAX_ID, "description": "the record's id"},
    ]
}


@extend_schema_field(KEY_OR_ID_SCHEMA)
class KeyOrIdRelatedField(serializers.RelatedField[Model, Any, Any]):
    """A reference by the record's stable key or its id; answers with the key."""

    default_error_messages = {
        "does_not_exist": "No {name} has the key or id {value!r}.",
        "incorrect_type": "Give the {name}'s key (a string) or id (a number), not {data_type}.",
    }

    def __init__(self, *, key_field: str, **kwargs: Any) -> None:
        self.key_field = key_field
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Model:
        # Only a writable field reads input, and DRF requires a writable related field's queryset.
        queryset = cast(QuerySet[Model], self.get_queryset())
        name = queryset.model._meta.verbose_name
        if not isinstance(data, (str, int)) or isinstance(data, bool):
            self.fail("incorrect_type", name=name, data_type=type(data).__name__)
        try:
            return get_by_key_or_id(queryset, data, self.key_field)
        except ObjectDoesNotExist:
            self.fail("does_not_exist", name=name, value=data)

    def to_representation(self, value: Model | PKOnlyObject) -> Any:
        return getattr(value, self.key_field)


class KeyOrIdLookupMixin(_GenericView):
    """A viewset whose detail URLs take the record's key or its id (`/entities/kmc-telecom-v/`, `/entities/7/`)."""

    lookup_key_field: str

    def get_object(self) -> Any:
        queryset = self.filter_queryset(self.get_queryset())
        value = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
        try:
            obj = get_by_key_or_id(queryset, value, self.lookup_key_field)
        except ObjectDoesNotExist:
            raise Http404 from None
        self.check_object_permissions(self.request, obj)
        return obj


def key_or_id_path_parameter(noun: str) -> OpenApiParameter:
    """The OpenAPI description of a `KeyOrIdLookupMixin` detail URL's parameter."""
    return OpenApiParameter("id", OpenApiTypes.STR, OpenApiParameter.PATH, description=f"The {noun}'s key, or its id.")
