"""Validators shared by models, forms and serializers."""

from datetime import date

from django.core.exceptions import ValidationError


def date_range_errors(start: date | None, end: date | None, *, field: str, start_label: str) -> dict[str, str]:
    """`{field: message}` if the range ends before it starts; empty if it is fine or a date is missing.

    For a `clean()` that collects its errors; `validate_date_range` raises them.
    """
    if start and end and end < start:
        return {field: f"Must not be before {start_label}."}
    return {}


def validate_date_range(start: date | None, end: date | None, *, field: str, start_label: str) -> None:
    """Raise a ValidationError naming `field` if the range ends before it starts."""
    errors = date_range_errors(start, end, field=field, start_label=start_label)
    if errors:
        raise ValidationError(errors)
