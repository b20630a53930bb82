"""The one form and the one serializer that read a point in time from a request.

Every page and API endpoint that answers "as of" a date reads its dates through these, so the names
(`on`, `as_agreed`, `recorded_at`), labels, help texts and the default are decided once:
- `on` missing: today, and the answer says which date it used (`AsOf` is echoed back);
- `as_agreed` missing: every amendment on record;
- `recorded_at` missing: now (the live data).
An invalid date is an error naming the field; it is never replaced by today, and the box keeps what was
typed (`core.forms.KeepTypedInputMixin`).

A view asks only for the axes it answers (`axes`); a filterset declares `PointInTimeFilter`s, whose fields
are the form's, and applies the dates itself (they select versions, not rows).
"""

import copy
from collections.abc import Mapping
from datetime import date
from typing import Any, ClassVar

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from rest_framework import serializers

from core.forms import KeepTypedInputMixin
from core.pointintime.dates import AsOf

AXES = ("on", "as_agreed", "recorded_at")

LABELS = {"on": "On", "as_agreed": "As agreed on", "recorded_at": "As recorded at"}
HELP = {
    "on": "The date the terms apply to. Empty: today.",
    "as_agreed": "Count only amendments effective by this date. Empty: every amendment on record.",
    "recorded_at": "What the database held at this moment (UTC), rebuilt from the history. Empty: now.",
}


def today() -> date:
    return timezone.localdate()


def as_of_from(data: Mapping[str, Any]) -> AsOf:
    """The point in time of valid input (`cleaned_data`, `validated_data`), with the defaults."""
    return AsOf(on=data.get("on") or today(), as_agreed=data.get("as_agreed"), recorded_at=data.get("recorded_at"))


class PointInTimeForm(KeepTypedInputMixin, forms.Form):
    """The dates of a point-in-time question, as a form; `axes` names the ones this page asks."""

    axes: ClassVar[tuple[str, ...]] = ("on", "as_agreed")

    on = forms.DateField(
        label=LABELS["on"], required=False, widget=forms.DateInput(attrs={"type": "date"}), help_text=HELP["on"]
    )
    as_agreed = forms.DateField(
        label=LABELS["as_agreed"],
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=HELP["as_agreed"],
    )
    recorded_at = forms.DateTimeField(
        label=LABELS["recorded_at"],
        required=False,
        # step=1: a moment is to the second (the browser's default step of 60 s refuses seconds).
        widget=forms.DateTimeInput(attrs={"type": "datetime-local", "step": "1"}),
        help_text=HELP["recorded_at"],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in AXES:
            if name not in self.axes:
                del self.fields[name]

    def as_of(self) -> AsOf | None:
        """The dates asked for, with the defaults; None when the input is invalid (the form shows why)."""
        if not self.is_bound:
            return AsOf(on=today())
        if not self.is_valid():
            return None
        return as_of_from(self.cleaned_data)


class PagePointInTimeForm(PointInTimeForm):
    """On a page, an empty query string means "nothing asked yet": the form is unbound, not invalid."""

    def __init__(self, data: Mapping[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(data if data else None, **kwargs)


class PointInTimeSerializer(serializers.Serializer[Any]):
    """The dates of a point-in-time question, as API query parameters; `axes` as on the form."""

    axes: ClassVar[tuple[str, ...]] = ("on", "as_agreed")

    on = serializers.DateField(required=False, help_text=HELP["on"])
    as_agreed = serializers.DateField(required=False, help_text=HELP["as_agreed"])
    recorded_at = serializers.DateTimeField(required=False, help_text=HELP["recorded_at"])

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        for name in AXES:
            if name not in self.axes:
                del fields[name]
        return fields

    def as_of(self) -> AsOf:
        """The dates asked for, with the defaults; a 400 naming the field when one is invalid."""
        self.is_valid(raise_exception=True)
        return as_of_from(self.validated_data)


class AsOfEchoSerializer(serializers.Serializer[Any]):
    """Which dates an answer was computed for; every point-in-time response carries it."""

    on = serializers.DateField()
    as_agreed = serializers.DateField(allow_null=True, help_text="null: every amendment on record")


def _unfiltered(queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
    return queryset


class PointInTimeFilter(django_filters.Filter):
    """A point-in-time axis in a filterset: the field is the one form's (label, widget, help text); the
    filterset reads the value with `as_of_from` and applies it, since it picks versions, not rows."""

    def __init__(self, axis: str, *, help_text: str | None = None) -> None:
        super().__init__(method=_unfiltered, label=LABELS[axis])
        self.axis = axis
        self.field_class = type(PointInTimeForm.base_fields[axis])
        self._help_text = help_text

    @property
    def field(self) -> forms.Field:
        if not hasattr(self, "_field"):
            field = copy.deepcopy(PointInTimeForm.base_fields[self.axis])
            if self._help_text:
                field.help_text = self._help_text
            self._field = field
        return self._field
