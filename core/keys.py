"""Stable keys: every record can be named by its key (an entity's slug, a contract number) or its id.

Decided once, for forms and the API alike: a value equal to a key is that key; otherwise a whole
number is an id.
"""

from typing import TYPE_CHECKING, Any, TypeVar, cast

from django import forms
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, QuerySet

# Ids are 64-bit in every table; a larger number can only be an error, and must not reach SQL.
MAX_ID = 2**63 - 1

_M = TypeVar("_M", bound=Model)

if TYPE_CHECKING:  # generic in the stubs only: Django's class cannot be subscripted at run time
    _ModelChoiceField = forms.ModelChoiceField[Model]
else:
    _ModelChoiceField = forms.ModelChoiceField


def get_by_key_or_id(queryset: QuerySet[_M], value: object, key_field: str) -> _M:
    """The record whose `key_field` equals `value`, else whose id does; `DoesNotExist` if neither.

    PostgreSQL cannot compare text containing NUL, and ids are 64-bit: such values match nothing
    instead of reaching SQL.
    """
    if isinstance(value, str) and "\x00" not in value:
        found = queryset.filter(**{key_field: value}).first()
        if found is not None:
            return found
        value = int(value) if value.isascii() and value.isdigit() else None
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_ID:
        found = queryset.filter(pk=value).first()
        if found is not None:
            return found
    # The stubs give DoesNotExist only to concrete model classes; a queryset's model always is one.
    raise queryset.model.DoesNotExist  # type: ignore[attr-defined]  # added to concrete models at run time


class KeyOrIdChoiceField(_ModelChoiceField):
    """A model choice that also accepts the record's key (the API sends keys, the page's select ids)."""

    default_error_messages = {"invalid_choice": "No %(name)s has the key or id %(value)r."}

    def __init__(self, queryset: QuerySet[Any], *, key_field: str, **kwargs: Any) -> None:
        self.key_field = key_field
        super().__init__(queryset, **kwargs)

    def to_python(self, value: Any) -> Model | None:
        if value in self.empty_values:
            return None
        queryset = cast(QuerySet[Model], self.queryset)  # given to __init__, so never None
        try:
            return get_by_key_or_id(queryset, value, self.key_field)
        except ObjectDoesNotExist:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"name": queryset.model._meta.verbose_name, "value": value},
            ) from None
