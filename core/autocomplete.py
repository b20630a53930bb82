"""Choosing one record among thousands: a text box with suggestions, never a select listing every row.

A `<select>` of 20,000 entities is a 1 MB page that no one can scroll. Instead the field is a text box:
without JavaScript the user types the record's key, id or exact name; with JavaScript
(`static/js/autocomplete.js`) the box suggests up to `SUGGESTIONS` matches from
`/autocomplete/<source>/?q=` as the user types. Either way the form resolves the text to one record with
indexed lookups, so a form costs the same with one agreement as with a thousand.

Each app declares its sources in its own `autocomplete.py` (found like `admin.py`): a name, a queryset,
the key field, the fields searched, and the permission needed to see the suggestions.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
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

    def matches(self, text: str) -> QuerySet[Any]:
        """Records whose key or a searched field contains `text`; the first `SUGGESTIONS` are shown."""
        if self.search is not None:
            return self.search(self.queryset(), text)
        condition = Q(**{f"{self.key_field}__istartswith": text})
        for name in self.search_fields:
            condition |= Q(**{f"{name}__icontains": text})
        return self.queryset().filter(condition)

    def named(self, text: str) -> Any:
        """The one record whose searched field equals `text` (any case); `DoesNotExist` if none or several."""
        queryset = self.queryset()
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


class AutocompleteWidget(forms.TextInput):
    """A text box tied to a suggestion source; the suggestions fill a `<datalist>` next to it."""

    template_name = "core/widgets/autocomplete.html"

    def __init__(self, source: str, attrs: dict[str, Any] | None = None) -> None:
        self.source = source
        super().__init__({"autocomplete": "off", "spellcheck": "false", **(attrs or {})})

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context(name, value, attrs)
        widget = context["widget"]
        list_id = f"{widget['attrs'].get('id') or name}-suggestions"
        widget["attrs"]["list"] = list_id
        widget["attrs"]["data-autocomplete"] = reverse("autocomplete", args=[self.source])
        widget["list_id"] = list_id
        return context


class AutocompleteField(KeyOrIdChoiceField):
    """One record named by its key, its id, or (exactly, any case) by a searched name.

    Never iterates its queryset: validation is one or two indexed lookups, and the widget is a text box.
    """

    default_error_messages = {
        "invalid_choice": "No %(name)s has the key, id or name %(value)r. Type a few letters and pick a suggestion."
    }

    def __init__(self, source: str, **kwargs: Any) -> None:
        self.source_name = source
        registered = source_named(source)
        kwargs.setdefault("widget", AutocompleteWidget(source))
        kwargs.setdefault("key_field", registered.key_field)
        if kwargs.get("queryset") is None:  # django-filter passes queryset=None when the filter names none
            kwargs["queryset"] = registered.queryset()
        super().__init__(**kwargs)

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
                found: Model = source_named(self.source_name).named(value.strip())
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


class AutocompleteView(RoleRequiredMixin, View):
    """`GET /autocomplete/<source>/?q=text` → `{"results": [{"value": key, "label": text}, …]}`, at most 20.

    Any logged-in user may ask; each source then needs its own permission (403 without it).
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
        rows = found.matches(text)[:SUGGESTIONS] if text else found.queryset()[:SUGGESTIONS]
        return JsonResponse(
            {"results": [{"value": getattr(row, found.key_field), "label": found.label(row)} for row in rows]}
        )


class AutocompleteFilter(django_filters.ModelChoiceFilter):
    """A django-filter filter on one record, chosen through `AutocompleteField` (`source=` names it)."""

    field_class = AutocompleteField  # type: ignore[assignment]  # the stubs type it ModelChoiceField[Any]; ours is ModelChoiceField[Model]
