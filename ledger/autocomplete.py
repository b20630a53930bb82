"""Suggestion sources for the audit log's filters: amendments and users (see `core.autocomplete`).

An amendment has no key of its own: its number is unique within its agreement. Its key is therefore
`<contract number>/<number>` (`LNM970313MP/3`), resolved by the unique (agreement, number) index;
"LNM970313MP Amendment 3" names it too.
"""

import re
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import CharField, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat

from contracts.models import Amendment
from core.autocomplete import AutocompleteField, Source, register, source_named
from core.keys import MAX_ID

_KEY = re.compile(r"^\s*(?P<contract>\S(?:.*\S)?)\s*(?:/|\s+amendment\s+(?:no\.?\s*)?)(?P<number>\d{1,5})\s*$", re.I)
_NUMBER_MAX = 32767  # PositiveSmallIntegerField


def _amendments() -> QuerySet[Amendment]:
    return (
        Amendment.objects.select_related("agreement")
        .annotate(key=Concat("agreement__contract_number", Value("/"), Cast("number", CharField())))
        .order_by("agreement__contract_number", "number")
    )


def _parsed(text: str) -> tuple[str, int] | None:
    match = _KEY.match(text)
    if match is None or int(match["number"]) > _NUMBER_MAX:
        return None
    return match["contract"], int(match["number"])


class AmendmentSource(Source):
    """Amendments named by `<contract number>/<number>`: the agreement's key, then the amendment's number."""

    def matches(self, text: str) -> QuerySet[Any]:
        contract, slash, number = text.rpartition("/")
        if slash:
            condition = Q(agreement__contract_number__iexact=contract.strip())
            if number.strip().isdigit() and int(number) <= _NUMBER_MAX:
                condition &= Q(number=int(number))
        else:
            condition = Q(agreement__contract_number__istartswith=text) | Q(agreement__title__icontains=text)
        return self.queryset().filter(condition)

    def named(self, text: str) -> Any:
        """The amendment `text` names, the contract number in any case; `DoesNotExist` if none."""
        parsed = _parsed(text)
        if parsed is None:
            raise Amendment.DoesNotExist
        contract, number = parsed
        found = self.queryset().filter(agreement__contract_number=contract, number=number).first()
        if found is None:  # any case: a scan of the agreements, only when the exact key missed
            found = self.queryset().filter(agreement__contract_number__iexact=contract, number=number).first()
        if found is None:
            raise Amendment.DoesNotExist
        return found


register(
    AmendmentSource(
        name="amendment",
        queryset=_amendments,
        key_field="key",
        search_fields=(),
        permission="contracts.view_amendment",
        label=lambda a: f"{a.key} · Amendment {a.number} of {a.agreement.title} ({a.effective_date:%Y-%m-%d})",
    )
)
register(
    Source(
        name="user",
        queryset=lambda: get_user_model().objects.order_by("username"),
        key_field="username",
        search_fields=("username", "first_name", "last_name"),
        permission="core.view_history",
        label=lambda user: f"{user.username} ({user.get_full_name()})" if user.get_full_name() else user.username,
    )
)


class AmendmentField(AutocompleteField):
    """An amendment by its key (`LNM970313MP/3`), its id, or "LNM970313MP Amendment 3".

    The key is made of two columns, so it is looked up through them (the unique index), never by
    comparing the concatenated text of every amendment.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__("amendment", **kwargs)

    def to_python(self, value: Any) -> Amendment | None:
        if value in self.empty_values:
            return None
        text = str(value).strip()
        queryset = _amendments()
        found = None
        if "\x00" not in text:
            if text.isascii() and text.isdigit() and 1 <= int(text) <= MAX_ID:
                found = queryset.filter(pk=int(text)).first()
            if found is None and _parsed(text) is not None:
                try:
                    found = source_named(self.source_name).named(text)
                except Amendment.DoesNotExist:
                    found = None
        if found is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"name": "amendment", "value": value},
            )
        return found
