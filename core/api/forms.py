"""API input defined by a Django form: one definition of fields, limits, choices, help texts and checks.

A `FormSerializer` builds its (documented) fields from its `form_class` and validates input by
binding that form, `clean()` included: a page and an endpoint that read the same input cannot
disagree about what is valid. A missing field takes the form field's `initial`.

Every number such a form reads must be bounded (a decimal's digits and places, an integer's
maximum): an unbounded one would pass validation and fail later in arithmetic or in the database,
a 500. A form that leaves one open is refused when its serializer class is defined.
"""

from collections.abc import Iterable, Mapping
from typing import Any, cast

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from rest_framework import serializers
from rest_framework.fields import SkipField
from rest_framework.settings import api_settings

from core.api.fields import KeyOrIdRelatedField
from core.keys import KeyOrIdChoiceField


def _common(field: forms.Field) -> dict[str, Any]:
    kwargs: dict[str, Any] = {
        "help_text": str(field.help_text) or None,
        "label": str(field.label) if field.label else None,
    }
    if field.initial is not None:
        kwargs["default"] = field.initial
    elif not field.required:
        kwargs["required"] = False
    return kwargs


def _pairs(field: forms.ChoiceField) -> Iterable[tuple[Any, Any]]:
    # Django normalizes choices to (value, label) pairs when they are set; the stubs type what is
    # read with everything that may be set (a mapping, a callable, a Choices class).
    return cast(Iterable[tuple[Any, Any]], field.choices)


def _choices(field: forms.ChoiceField) -> list[tuple[Any, str]]:
    return [(value, str(label)) for value, label in _pairs(field) if value != ""]


def serializer_field(field: forms.Field) -> serializers.Field[Any, Any, Any, Any]:
    """The serializer field that documents `field`: the same limits, choices and help text."""
    kwargs = _common(field)
    nullable: dict[str, Any] = {"allow_null": not field.required}
    if isinstance(field, KeyOrIdChoiceField):
        return KeyOrIdRelatedField(queryset=field.queryset, key_field=field.key_field, **nullable, **kwargs)
    if isinstance(field, forms.ModelChoiceField):
        return serializers.PrimaryKeyRelatedField(queryset=field.queryset, **nullable, **kwargs)
    if isinstance(field, forms.MultipleChoiceField):
        return serializers.ListField(child=serializers.ChoiceField(choices=_choices(field)), **kwargs)
    if isinstance(field, forms.ChoiceField):
        blank = any(value == "" for value, _ in _pairs(field)) or not field.required
        return serializers.ChoiceField(choices=_choices(field), allow_blank=blank, **kwargs)
    if isinstance(field, forms.BooleanField):
        return serializers.BooleanField(**{"default": False, **kwargs})
    if isinstance(field, forms.DecimalField):
        return serializers.DecimalField(
            max_digits=field.max_digits,
            decimal_places=field.decimal_places,
            min_value=field.min_value,
            max_value=field.max_value,
            **nullable,
            **kwargs,
        )
    if isinstance(field, forms.IntegerField):
        return serializers.IntegerField(
            min_value=field.min_value,  # type: ignore[arg-type]  # DRF accepts None (no limit); the stubs say int
            max_value=field.max_value,  # type: ignore[arg-type]  # DRF accepts None (no limit); the stubs say int
            **nullable,
            **kwargs,
        )
    if isinstance(field, forms.DateField):
        return serializers.DateField(**nullable, **kwargs)
    if isinstance(field, forms.CharField):
        return serializers.CharField(
            max_length=field.max_length,  # type: ignore[arg-type]  # DRF accepts None (no limit); the stubs say int
            allow_blank=not field.required,
            **kwargs,
        )
    raise TypeError(f"No serializer field for {type(field).__name__}")


def _form_value(field: forms.Field, value: object) -> object:
    """A JSON value as a form reads it from a request: lists only where a list is expected."""
    if isinstance(field, forms.MultipleChoiceField) or isinstance(value, str) or value is None:
        return value
    if isinstance(value, bool):
        return value if isinstance(field, forms.BooleanField) else _NOT_A_VALUE
    if isinstance(value, (int, float)):
        return str(value)
    return _NOT_A_VALUE


_NOT_A_VALUE = object()


def unbounded_numbers(form_class: type[forms.Form]) -> list[str]:
    """The names of `form_class`'s numeric fields without limits on their size."""
    open_ended = []
    for name, field in form_class.base_fields.items():
        if isinstance(field, forms.DecimalField):  # a subclass of IntegerField: tested first
            if field.max_digits is None or field.decimal_places is None:
                open_ended.append(name)
        elif isinstance(field, forms.IntegerField) and field.max_value is None:
            open_ended.append(name)
    return open_ended


class FormSerializer(serializers.Serializer[Any]):
    """A serializer whose input is `form_class`'s; fields declared on the serializer are added to it."""

    form_class: type[forms.Form]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        form_class = cls.__dict__.get("form_class")
        if form_class is not None and (open_ended := unbounded_numbers(form_class)):
            names = ", ".join(open_ended)
            raise TypeError(f"{form_class.__name__} leaves {names} unbounded: give max_digits/max_value")

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = {name: serializer_field(field) for name, field in self.form_class.base_fields.items()}
        return {**fields, **super().get_fields()}

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        if not isinstance(data, Mapping):
            message = f"Invalid data. Expected a dictionary, but got {type(data).__name__}."
            raise serializers.ValidationError({api_settings.NON_FIELD_ERRORS_KEY: [message]}, code="invalid")
        form_fields = self.form_class.base_fields
        form_data: dict[str, Any] = {}
        errors: dict[str, Any] = {}
        for name, field in form_fields.items():
            value = _form_value(field, data[name]) if name in data else field.initial
            if value is _NOT_A_VALUE:
                errors[name] = ["Expected a single value."]
            elif value is not None:
                form_data[name] = value
        form = self.form_class(data=form_data)
        if not form.is_valid():
            for name, messages in form.errors.items():
                errors[api_settings.NON_FIELD_ERRORS_KEY if name == NON_FIELD_ERRORS else name] = messages
        values = dict(form.cleaned_data) if not errors else {}
        for name, api_field in self.fields.items():
            if name in form_fields:
                continue
            try:
                values[name] = api_field.run_validation(api_field.get_value(data))
            except serializers.ValidationError as exc:
                errors[name] = exc.detail
            except SkipField:
                pass
        if errors:
            raise serializers.ValidationError(errors)
        return values
