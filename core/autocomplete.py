"""Choosing one record among thousands: a text box with suggestions, never a select listing every row.

A `<select>` of 20,000 entities is a 1 MB page that no one can scroll. Instead the field is a text box:
without JavaScript the user types the record's key, id or exact name; with JavaScript
(`static/js/autocomplete.js`) the box suggests up to `SUGGESTIONS` matches from
`/autocomplete/<source>/?q=` as the user types. Either way the form resolves the text to one record with
indexed lookups, so a form costs the same with one agreement as with a thousand.

Each app declares its sources in its own `autocomplete.py` (found like `admin.py`): a name, a queryset,
the key field, the fields searched, and the permission needed to see the suggestions.

Narrowing ("forward" in django-autocomplete-light): a source may declare other fields of a form that
narrow it (`Source.forward`: amendments by `agreement`; entities by `agreement` and `on`). A form opts in
per field (`AutocompleteField("amendment", forward=("agreement",))`): the widget names those fields in
`data-autocomplete-forward`, the script sends their current values with `q`, and the form narrows the
same way when it resolves a typed name, so "Amendment 3" with an agreement chosen is that agreement's
Amendment 3. A key or an id names one record whatever the narrowing (the form's own checks then say
whether it fits); a name is looked up within the narrowing first, then everywhere. A forwarded value
that does not parse narrows nothing: the suggestions ignore it, and on a form its own field says why.
"""

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, cast

import django_filters
from django import forms
from django.core.exceptions import MultipleObjectsReturned, ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404, HttpRequest, JsonResponse
from django.urls import reverse
from django.utils.module_loading import autodiscover_modules
from django.views import View

from core.keys import KeyOrIdChoiceField
from core.views import RoleRequiredMixin

SUGGESTIONS = 20
QUERY_MAX_LENGTH = 100


@dataclass(frozen=True)
class Source:
    """Where suggestions come from: `queryset()` is read per request, so it can be scoped and ordered."""

    name: str
    queryset: Callable[[], QuerySet[Any]]
    key_field: str
    search_fields: tuple[str, ...]
    permission: str
    label: Callable[[Any], str] = field(default=str)
    # How a big table is searched through its index (e.g. `ProductQuerySet.named`); by default the key
    # and `search_fields` are matched with LIKE, which reads the table: fine for a few thousand rows.
    search: Callable[[QuerySet[Any], str], QuerySet[Any]] | None = None
    # The other fields that may narrow this source, each with the form field that reads its value from
    # the text the page sends, and how the values given (any of them) narrow the records.
    forward: Mapping[str, Callable[[], forms.Field]] = field(default_factory=dict)
    narrow: Callable[[QuerySet[Any], Mapping[str, Any]], QuerySet[Any]] | None = None
    # The values this copy is narrowed by (`given`); empty: every record.
    forwarded: Mapping[str, Any] = field(default_factory=dict, compare=False)

    def given(self, values: Mapping[str, Any]) -> "Source":
        """This source narrowed by the other fields' values (the ones it declares and that are given)."""
        known = {name: value for name, value in values.items() if name in self.forward and value not in (None, "")}
        return replace(self, forwarded=known) if known and self.narrow is not None else self

    def read_forwarded(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """The declared values `data` holds, parsed by their fields; a value that does not parse is left out."""
        values = {}
        for name, make_field in self.forward.items():
            text = data.get(name)
            if not isinstance(text, str) or not text.strip() or "\x00" in text or len(text) > QUERY_MAX_LENGTH:
                continue
            try:
                values[name] = make_field().clean(text.strip())
            except forms.ValidationError:
                continue
        return values

    def records(self) -> QuerySet[Any]:
        """The source's records, narrowed by the values it was `given`."""
        queryset = self.queryset()
        if self.forwarded and self.narrow is not None:
            queryset = self.narrow(queryset, self.forwarded)
        return queryset

    def matches(self, text: str) -> QuerySet[Any]:
        """Records whose key or a searched field contains `text`; the first `SUGGESTIONS` are shown."""
        if self.search is not None:
            return self.search(self.records(), text)
        condition = Q(**{f"{self.key_field}__istartswith": text})
        for name in self.search_fields:
            condition |= Q(**{f"{name}__icontains": text})
        return self.records().filter(condition)

    def named(self, text: str) -> Any:
        """The one record whose searched field equals `text` (any case); `DoesNotExist` if none or several."""
        queryset = self.records()
        condition = Q()
        for name in self.search_fields:
            condition |= Q(**{f"{name}__iexact": text})
        try:
            return queryset.filter(condition).distinct().get()
        except MultipleObjectsReturned:
            raise queryset.model.DoesNotExist from None


_SOURCES: dict[str, Source] = {}


def register(source: Source) -> Source:
    _SOURCES[source.name] = source
    return source


def source_named(name: str) -> Source:
    if name not in _SOURCES:
        autodiscover_modules("autocomplete")
    return _SOURCES[name]


def forward_map(forward: Mapping[str, str] | Iterable[str]) -> dict[str, str]:
    """`{source's name for the value: the form field holding it}`; a bare name is the same on both sides."""
    if isinstance(forward, Mapping):
        return dict(forward)
    return {name: name for name in forward}


class AutocompleteWidget(forms.TextInput):
    """A text box tied to a suggestion source; the suggestions fill a `<datalist>` next to it.

    `forward` names the other fields of the same form whose values narrow the suggestions (see the
    module docstring), as `{name the source reads: form field}` or field names the source reads as is.
    """

    template_name = "core/widgets/autocomplete.html"

    def __init__(
        self, source: str, attrs: dict[str, Any] | None = None, *, forward: Mapping[str, str] | Iterable[str] = ()
    ) -> None:
        self.source = source
        self.forward = forward_map(forward)
        super().__init__({"autocomplete": "off", "spellcheck": "false", **(attrs or {})})

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context(name, value, attrs)
        widget = context["widget"]
        list_id = f"{widget['attrs'].get('id') or name}-suggestions"
        widget["attrs"]["list"] = list_id
        widget["attrs"]["data-autocomplete"] = reverse("autocomplete", args=[self.source])
        if self.forward:
            # The other fields by their names in the page: a form's prefix ("form-0-") is on every name.
            prefix = name.rpartition("-")[0]
            names = {param: f"{prefix}-{other}" if prefix else other for param, other in self.forward.items()}
            widget["attrs"]["data-autocomplete-forward"] = json.dumps(names, sort_keys=True)
        widget["list_id"] = list_id
        return context


class AutocompleteField(KeyOrIdChoiceField):
    """One record named by its key, its id, or (exactly, any case) by a searched name.

    Never iterates its queryset: validation is one or two indexed lookups, and the widget is a text box.
    """

    default_error_messages = {
        "invalid_choice": "No %(name)s has the key, id or name %(value)r. Type a few letters and pick a suggestion."
    }

    def __init__(self, source: str, *, forward: Mapping[str, str] | Iterable[str] = (), **kwargs: Any) -> None:
        self.source_name = source
        self.forward = forward_map(forward)
        registered = source_named(source)
        unknown = set(self.forward) - set(registered.forward)
        if unknown:
            raise ValueError(f"The {source!r} suggestions are not narrowed by {', '.join(sorted(unknown))}.")
        kwargs.setdefault("widget", AutocompleteWidget(source, forward=self.forward))
        kwargs.setdefault("key_field", registered.key_field)
        if kwargs.get("queryset") is None:  # django-filter passes queryset=None when the filter names none
            kwargs["queryset"] = registered.queryset()
        self.form: forms.BaseForm | None = None
        super().__init__(**kwargs)

    def get_bound_field(self, form: forms.BaseForm, field_name: str) -> Any:
        # Each form holds its own copy of the field: remembering the form lets `to_python` read the
        # fields that narrow this one.
        self.form = form
        return super().get_bound_field(form, field_name)

    def forwarded(self) -> dict[str, Any]:
        """The values of the narrowing fields of the form being cleaned: as cleaned already (the fields
        before this one), else parsed from what was sent; a value in error narrows nothing."""
        form = self.form
        if form is None or not self.forward or not form.is_bound:
            return {}
        cleaned: dict[str, Any] = getattr(form, "cleaned_data", {})
        errors = getattr(form, "_errors", None) or {}  # set by full_clean before any field is cleaned
        source = source_named(self.source_name)
        values: dict[str, Any] = {}
        for param, other in self.forward.items():
            if other in cleaned:
                values[param] = cleaned[other]
            elif other in form.fields and other not in errors:  # cleaned after this field
                values[param] = source.read_forwarded({param: form[other].data}).get(param)
        return {param: value for param, value in values.items() if value is not None}

    def source(self) -> Source:
        """The source, narrowed by the form's other fields."""
        return source_named(self.source_name).given(self.forwarded())

    def prepare_value(self, value: Any) -> Any:
        """Shown in the box: the record's key, never its database id."""
        queryset = cast(QuerySet[Model], self.queryset)
        if isinstance(value, Model):
            return getattr(value, self.key_field)
        if isinstance(value, int) and not isinstance(value, bool):
            key = queryset.filter(pk=value).values_list(self.key_field, flat=True).first()
            return value if key is None else key
        return value

    def to_python(self, value: Any) -> Model | None:
        try:
            return super().to_python(value)
        except forms.ValidationError:
            if not isinstance(value, str) or not value.strip() or "\x00" in value:
                raise
            try:
                found: Model = named_within(self.source(), value.strip())
            except ObjectDoesNotExist:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"name": cast(QuerySet[Model], self.queryset).model._meta.verbose_name, "value": value},
                ) from None
            return found

    def validate(self, value: Any) -> None:
        forms.Field.validate(self, value)  # the record was found in the queryset: it is a valid choice

    def has_changed(self, initial: Any, data: Any) -> bool:
        return str(self.prepare_value(initial) or "") != str(data or "")


def named_within(source: Source, text: str) -> Any:
    """The record `text` names within the narrowing first, then among every record (a name that is
    not, say, among the agreement's Customers is still that entity: the form's checks say whether it
    may be chosen); `DoesNotExist` if none or several."""
    try:
        return source.named(text)
    except ObjectDoesNotExist:
        if not source.forwarded:
            raise
    return replace(source, forwarded={}).named(text)


class AutocompleteView(RoleRequiredMixin, View):
    """`GET /autocomplete/<source>/?q=text` → `{"results": [{"value": key, "label": text}, …]}`, at most 20.

    The source's narrowing fields come as further parameters (`&agreement=LNM970313MP`); one that does
    not parse is ignored. Any logged-in user may ask; each source then needs its own permission (403
    without it).
    """

    permission_required = ()

    def get(self, request: HttpRequest, source: str) -> JsonResponse:
        try:
            found = source_named(source)
        except KeyError:
            raise Http404("No such suggestion source.") from None
        if not request.user.has_perm(found.permission):
            raise PermissionDenied
        text = request.GET.get("q", "").strip()[:QUERY_MAX_LENGTH].replace("\x00", "")
        found = found.given(found.read_forwarded(request.GET))
        rows = found.matches(text)[:SUGGESTIONS] if text else found.records()[:SUGGESTIONS]
        return JsonResponse(
            {"results": [{"value": getattr(row, found.key_field), "label": found.label(row)} for row in rows]}
        )


class AutocompleteFilter(django_filters.ModelChoiceFilter):
    """A django-filter filter on one record, chosen through `AutocompleteField` (`source=` names it)."""

    field_class = AutocompleteField  # type: ignore[assignment]  # the stubs type it ModelChoiceField[Any]; ours is ModelChoiceField[Model]
