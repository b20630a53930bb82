"""How every page shows a bad input back: the field marked with the message, what was typed kept.

Django marks a field with an error (`aria-invalid`, `aria-describedby` naming `<id>_error`, where the
page puts the message). What it cannot do is keep the text: a browser's date, time or number box
cannot hold "2/30/99" and shows it empty, as if nothing had been typed, so the user cannot see what to
correct. For the response that reports the error such a field is a text box showing the text as typed,
with the format expected as its placeholder; once valid it is the browser's picker again.

Filter pages call `keep_typed_input` through `core.views.FilteredTableView`; forms read with
`is_valid()` elsewhere inherit `KeepTypedInputMixin`.

Also the fields every page reads the same way: a moment (`MomentField`) and yes or no (`YesNoField`,
`yes_or_no`), which refuses text that is neither instead of reading it as ticked.
"""

from datetime import datetime, timedelta
from typing import Any

import django_filters
from django import forms

# Input types whose browser widget drops a value it cannot parse, and the format each expects.
_PICKERS = {
    "date": "YYYY-MM-DD",
    "datetime-local": "YYYY-MM-DD HH:MM",
    "time": "HH:MM",
    "month": "YYYY-MM",
    "number": "",
}
INVALID_FILTERS = "No answer: correct the input marked above. Nothing was assumed in its place."


def keep_typed_input(form: forms.BaseForm) -> forms.BaseForm:
    """Make each invalid field of a bound `form` show what was typed (see the module). Returns `form`."""
    if not form.is_bound:
        return form
    for name, field in form.fields.items():
        widget = field.widget
        input_type = getattr(widget, "input_type", None)
        if name not in form.errors or widget.is_hidden or input_type not in _PICKERS:
            continue
        widget.input_type = "text"  # an Input: checked above
        # A bound on a number box would make the browser refuse to submit the corrected text.
        for limit in ("min", "max", "step"):
            widget.attrs.pop(limit, None)
        if _PICKERS[input_type]:
            widget.attrs.setdefault("placeholder", _PICKERS[input_type])
    return form


class KeepTypedInputMixin:
    """A form whose invalid fields show what was typed once it has been validated."""

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]  # mixed into a Form
        keep_typed_input(self)  # type: ignore[arg-type]


class MomentField(forms.DateTimeField):
    """A moment to filter by (in the current time zone, UTC here): a date and time, or a date alone.

    A bound of a range: with `end=False` the first instant it names, with `end=True` the last, so a
    range "from 2026-11-26 to 2026-11-26" is that whole day and "to 10:30" includes 10:30:59. The
    browser's box is a `datetime-local` one; a date typed without a time is still read.
    """

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def __init__(self, *, end: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.end = end

    def to_python(self, value: Any) -> datetime | None:
        moment = super().to_python(value)
        if moment is None or not self.end:
            return moment
        text = str(value).strip()
        if len(text) <= len("YYYY-MM-DD"):
            step = timedelta(days=1)
        elif text.count(":") == 1:  # to the minute, as the browser's box gives it
            step = timedelta(minutes=1)
        else:
            step = timedelta(seconds=1)
        return moment + step - timedelta(microseconds=1) if isinstance(value, str) else moment


# Yes or no as text: a browser sends a ticked box as "on", API callers true/false or 1/0, a spreadsheet
# yes/no, y/n or x. One vocabulary for queries, forms and imported files.
YES = frozenset({"on", "true", "1", "yes", "y", "x"})
NO = frozenset({"", "off", "false", "0", "no", "n"})


def yes_or_no(text: str) -> bool | None:
    """True for yes, False for no (empty included), None for text that is neither."""
    word = text.strip().lower()
    return True if word in YES else False if word in NO else None


class YesNoCheckbox(forms.CheckboxInput):
    """A checkbox that hands over what it was sent, so `YesNoField` can refuse what is neither yes nor no.

    Django's `CheckboxInput` reads any text but "false" as ticked: `?only_variances=0` or `=nope` meant
    "yes", silently.
    """

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, check_test=_said_yes)

    def format_value(self, value: Any) -> None:
        return None  # a ticked box sends "on", whatever it was sent as: `?only_variances=1` shows ticked

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        if name not in data:
            return False  # an unticked box is not sent at all
        value = data.get(name)
        return value if isinstance(value, str) else bool(value)


def _said_yes(value: Any) -> bool:
    return value is True or (isinstance(value, str) and yes_or_no(value) is True)


class YesNoField(forms.BooleanField):
    """An optional checkbox; as text it must say yes or no (`yes_or_no`)."""

    widget = YesNoCheckbox
    default_error_messages = {"invalid": "Give yes or no (true or false, 1 or 0), not “%(value)s”."}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> bool:
        if not isinstance(value, str):
            return bool(value)
        answer = yes_or_no(value)
        if answer is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid", params={"value": value})
        return answer

    def has_changed(self, initial: Any, data: Any) -> bool:
        try:
            return super().has_changed(initial, data)
        except forms.ValidationError:
            return True  # neither yes nor no: not what it was (a formset then validates it, and says so)


class YesNoFilter(django_filters.BooleanFilter):
    """A filter's yes/no checkbox (`YesNoField`)."""

    field_class = YesNoField  # type: ignore[assignment]  # a yes/no, never "unknown", for a checkbox
