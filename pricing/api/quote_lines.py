"""The quote API's reading of lines, in one pass over a quote of up to 1,000 lines.

The documented shape stays `QuoteRequestSerializer` (`pricing.api.serializers`); what it cost per line
did not scale: each line bound a `pricing.forms.QuoteLineForm` through a nested serializer. Here the
form's definitions are read once, when this module is imported: `LineReader` reads a line as the form
would, from the form's own fields (their choices, limits, initial values and validators) and the
form's own `clean()`. It answers only what it is sure of: any value it does not recognize (a number
given as text, an unknown validator, any error) sends the line through the form itself, so errors are
the form's, named by field and line index as before. The answers are written by `pricing.api.quotes`.
"""

import decimal
import functools
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django import forms
from django.core import validators
from django.forms.utils import ErrorDict
from django.forms.widgets import ChoiceWidget

from core.forms import YesNoCheckbox, YesNoField
from pricing.forms import line_request
from pricing.results import LineRequest

# A value the fast reading is not sure of: the line goes through the form.
UNSURE: Any = object()
Reader = Callable[[Any], Any]


def _limits(field: forms.Field) -> Callable[[Any], bool] | None:
    """Whether a value passes `field`'s validators, as each validator decides it; None when the field has a
    validator not known here (the form then reads every line)."""
    checks: list[Callable[[Any], bool]] = []
    for check in field.validators:
        limit = getattr(check, "limit_value", None)
        if callable(limit):
            return None
        # Each as the validator's own `compare` refuses: a length above, below; a value below, above.
        if type(check) is validators.ProhibitNullCharactersValidator:
            checks.append(_no_null)
        elif type(check) is validators.MaxLengthValidator:
            checks.append(functools.partial(_not_longer, limit))
        elif type(check) is validators.MinLengthValidator:
            checks.append(functools.partial(_not_shorter, limit))
        elif type(check) is validators.MinValueValidator:
            checks.append(functools.partial(_not_below, limit))
        elif type(check) is validators.MaxValueValidator:
            checks.append(functools.partial(_not_above, limit))
        elif type(check) is validators.DecimalValidator:
            checks.append(functools.partial(_passes, check))
        else:
            return None

    def passes(value: Any) -> bool:
        return all(check(value) for check in checks)

    return passes


def _no_null(value: Any) -> bool:
    return "\x00" not in str(value)


def _not_longer(limit: Any, value: Any) -> bool:
    return not len(value) > limit


def _not_shorter(limit: Any, value: Any) -> bool:
    return not len(value) < limit


def _not_below(limit: Any, value: Any) -> bool:
    return not value < limit


def _not_above(limit: Any, value: Any) -> bool:
    return not value > limit


def _passes(check: Callable[[Any], None], value: Any) -> bool:
    try:
        check(value)
    except forms.ValidationError:
        return False
    return True


def _char(field: forms.CharField, limits: Callable[[Any], bool]) -> Reader:
    def read(raw: Any) -> Any:
        if raw is None:
            value = ""
        elif type(raw) is str:
            value = raw.strip() if field.strip else raw
        else:
            return UNSURE
        if value == "":
            return UNSURE if field.required else field.empty_value
        return value if limits(value) else UNSURE

    return read


def _choice_values(field: forms.ChoiceField) -> set[str] | None:
    """The values a choice field accepts, or None when it groups its choices (read by the form only)."""
    pairs = list(field.choices)  # type: ignore[arg-type]  # normalized to (value, label) pairs when set
    if any(isinstance(label, (list, tuple)) for _, label in pairs):
        return None
    return {str(value) for value, _ in pairs}


def _choice(field: forms.ChoiceField, limits: Callable[[Any], bool], valid: set[str]) -> Reader:
    def read(raw: Any) -> Any:
        if raw is None or raw == "":
            return UNSURE if field.required else ""
        if type(raw) is str and raw in valid and limits(raw):
            return raw
        return UNSURE

    return read


def _multiple_choice(field: forms.MultipleChoiceField, limits: Callable[[Any], bool], valid: set[str]) -> Reader:
    def read(raw: Any) -> Any:
        if raw is None or (type(raw) is list and not raw):
            return UNSURE if field.required else []
        if type(raw) is list and all(type(item) is str and item in valid for item in raw):
            values = list(raw)
            return values if limits(values) else UNSURE
        return UNSURE

    return read


def _boolean(field: forms.BooleanField, limits: Callable[[Any], bool]) -> Reader:
    def read(raw: Any) -> Any:
        value = False if raw is None else raw
        if type(value) is not bool or (field.required and not value):
            return UNSURE
        return value if limits(value) else UNSURE

    return read


def _integer(field: forms.IntegerField, limits: Callable[[Any], bool]) -> Reader:
    def read(raw: Any) -> Any:
        if raw is None:
            return UNSURE if field.required else None
        if type(raw) is int and limits(raw):
            return raw
        return UNSURE

    return read


def _decimal(field: forms.DecimalField, limits: Callable[[Any], bool]) -> Reader:
    def read(raw: Any) -> Any:
        if raw is None or raw == "":
            return UNSURE if field.required else None
        if type(raw) not in (str, int, float):  # bool is not int here: the form refuses it
            return UNSURE
        try:
            value = Decimal(str(raw))  # what the form reads: `DecimalField.to_python`
        except (decimal.DecimalException, ValueError):
            return UNSURE
        if not value.is_finite() or not limits(value):
            return UNSURE
        return value

    return read


def _reader(field: forms.Field) -> Reader | None:
    """How to read `field`'s JSON value, or None when this module does not know its kind (a subclass of
    a known kind may read values its own way: only the kinds themselves are read here)."""
    if field.disabled or getattr(field, "localize", False):
        return None
    kind = type(field)
    # Each value is read as the field's widget hands it over from a JSON object (`dict.get`).
    takes = type(field.widget).value_from_datadict
    if kind is forms.BooleanField or kind is YesNoField:
        # Both hand over a JSON true or false as it is; anything else the reader leaves to the form.
        if takes not in (forms.CheckboxInput.value_from_datadict, YesNoCheckbox.value_from_datadict):
            return None
    elif kind is forms.MultipleChoiceField:
        if takes not in (forms.CheckboxSelectMultiple.value_from_datadict, ChoiceWidget.value_from_datadict):
            return None
    elif takes not in (forms.Widget.value_from_datadict, ChoiceWidget.value_from_datadict) or getattr(
        field.widget, "allow_multiple_selected", False
    ):
        return None
    limits = _limits(field)
    if limits is None:
        return None
    if kind is forms.MultipleChoiceField or kind is forms.ChoiceField:
        valid = _choice_values(field)  # type: ignore[arg-type]  # a choice field, by its type
        if valid is None:
            return None
        if kind is forms.MultipleChoiceField:
            return _multiple_choice(field, limits, valid)  # type: ignore[arg-type]  # by its type
        return _choice(field, limits, valid)  # type: ignore[arg-type]  # by its type
    readers: dict[type[forms.Field], Callable[[Any, Callable[[Any], bool]], Reader]] = {
        forms.BooleanField: _boolean,
        YesNoField: _boolean,
        forms.DecimalField: _decimal,
        forms.IntegerField: _integer,
        forms.CharField: _char,
    }
    make = readers.get(kind)
    return make(field, limits) if make is not None else None


class LineReader:
    """Reads a quote line (a JSON object) into what `form_class` would clean it to, or `UNSURE`.

    What `core.api.forms.FormSerializer` does per line, without building a form per line: a missing
    field takes the form field's `initial`; each value is read by its field's rules; then the form's
    own `clean()` runs on the values. Anything not known here makes the whole reader unavailable
    (`available` False), so a change to the form cannot make the API read a line differently.
    """

    def __init__(self, form_class: type[forms.Form]) -> None:
        self.form_class = form_class
        readers = [(name, field.initial, _reader(field)) for name, field in form_class.base_fields.items()]
        own = [name for name in form_class.base_fields if hasattr(form_class, f"clean_{name}")]
        self.fields = [(name, initial, read) for name, initial, read in readers if read is not None]
        self.available = not own and len(self.fields) == len(readers)

    def checker(self) -> Callable[[dict[str, Any]], dict[str, Any] | None]:
        """A reader for one request's lines (it reuses one unbound form to run the form's `clean()`)."""
        form = self.form_class()
        fields = self.fields
        # A line given again (the same keys, values and value types: 1 and true are equal in Python, not
        # to the form) is read once; its values are shared, so that the engine answers it once too.
        kept: dict[object, dict[str, Any]] = {}

        def read(data: Any) -> dict[str, Any] | None:
            if type(data) is not dict:
                return None
            types = tuple(map(type, data.values()))
            # Floats are read every time: 0.0 and -0.0 are equal, and read as different amounts.
            key: object = None if float in types else (tuple(data.items()), types)
            try:
                found = kept.get(key) if key is not None else None
            except TypeError:  # a list of values (7R/E elements): read every time
                key, found = None, None
            if found is not None:
                return found
            values = _values(data)
            if values is not None and key is not None:
                kept[key] = values
            return values

        def _values(data: dict[str, Any]) -> dict[str, Any] | None:
            values: dict[str, Any] = {}
            for name, initial, reader in fields:
                value = reader(data.get(name, initial))
                if value is UNSURE:
                    return None
                values[name] = value
            # The form's own checks across fields, run as `Form._clean_form` runs them.
            form.cleaned_data = values
            form._errors = ErrorDict()  # type: ignore[attr-defined]  # Form's own, undeclared in the stubs
            try:
                cleaned = form.clean()
            except forms.ValidationError:
                return None
            if form.errors:
                return None
            return dict(cleaned if cleaned is not None else values)

        return read


def line_requests(lines: list[dict[str, Any]]) -> list[LineRequest]:
    """The engine's input for each validated line; a line object given again (see `LineReader`) gives the
    same request object, which the engine answers once."""
    made: dict[int, LineRequest] = {}
    requests = []
    for line in lines:
        request = made.get(id(line))
        if request is None:
            request = made[id(line)] = line_request(line)
        requests.append(request)
    return requests
