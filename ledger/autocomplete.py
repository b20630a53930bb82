"""Suggestion sources for the audit log's filters: amendments and users (see `core.autocomplete`).

An amendment has no key of its own: its number is unique within its agreement. Its key is therefore
`<contract number>/<number>` (`LNM970313MP/3`), resolved by the unique (agreement, number) index;
"LNM970313MP Amendment 3" names it too. Narrowed by an agreement (the audit log's `agreement` field),
"Amendment 3", "No. 3" or "3" name that agreement's Amendment 3, and the suggestions are its amendments.
"""

import re
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import CharField, QuerySet, Value
from django.db.models.functions import Cast, Concat

from contracts.models import Agreement, Amendment
from contracts.querysets import amendments_with_words, with_words
from core.autocomplete import AutocompleteField, Source, register
from core.keys import MAX_ID

_KEY = re.compile(r"^\s*(?P<contract>\S(?:.*\S)?)\s*(?:/|\s+amendment\s+(?:no\.?\s*)?)(?P<number>\d{1,5})\s*$", re.I)
# An amendment's number within the agreement chosen: "3", "Amendment 3", "Amendment No. 3", "No. 3".
_NUMBER = re.compile(r"^\s*(?:amendment\s*)?(?:no\.?\s*)?(?P<number>\d{1,5})\s*$", re.I)
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


def _number(text: str) -> int | None:
    match = _NUMBER.match(text)
    return int(match["number"]) if match is not None and int(match["number"]) <= _NUMBER_MAX else None


def _key(amendment: Amendment) -> str:
    key: str = getattr(amendment, "key")  # noqa: B009  # annotated by `_amendments`, unknown to the model
    return key


def _of_agreement(amendments: QuerySet[Any], values: Any) -> QuerySet[Any]:
    agreement: Agreement = values["agreement"]
    return amendments.filter(agreement=agreement)


def _agreement_field() -> forms.Field:
    return AutocompleteField("agreement")


class AmendmentSource(Source):
    """Amendments named by `<contract number>/<number>`: the agreement's key, then the amendment's number.

    Narrowed by an agreement, its amendments: a number (alone or "Amendment 3") is that amendment, any
    other text a word of the title. Every condition then runs within one agreement's rows (its index).
    """

    def matches(self, text: str) -> QuerySet[Any]:
        if self.forwarded and "/" not in text:
            number = _number(text)
            amendments = self.records()
            return amendments.filter(number=number) if number is not None else amendments.filter(title__icontains=text)
        contract, slash, typed_number = text.rpartition("/")
        if not slash:
            return amendments_with_words(self.records(), text)
        # The agreement by its contract number in any case: the words find it through the index.
        agreements = with_words(Agreement.objects.all(), contract, ("contract_number",))
        found = self.records().filter(agreement__in=agreements.filter(contract_number__iexact=contract.strip()))
        if typed_number.strip().isdigit() and int(typed_number) <= _NUMBER_MAX:
            found = found.filter(number=int(typed_number))
        return found

    def named(self, text: str) -> Any:
        """The amendment `text` names, the contract number in any case (its key names it whatever the
        narrowing), or its number within the agreement it is narrowed by; `DoesNotExist` if none."""
        parsed = _parsed(text)
        number = _number(text) if self.forwarded else None
        if number is not None:
            found = self.records().filter(number=number).first()
            if found is None:
                raise Amendment.DoesNotExist
            return found
        if parsed is None:
            raise Amendment.DoesNotExist
        contract, number = parsed
        found = self.queryset().filter(agreement__contract_number=contract, number=number).first()
        if found is None:  # any case: the contract number's words find the agreement through the index
            agreements = with_words(Agreement.objects.all(), contract, ("contract_number",))
            agreements = agreements.filter(contract_number__iexact=contract)
            found = self.queryset().filter(agreement__in=agreements, number=number).first()
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
        forward={"agreement": _agreement_field},
        narrow=_of_agreement,
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
    """An amendment by its key (`LNM970313MP/3`), its id, or "LNM970313MP Amendment 3"; with an agreement
    forwarded (`forward=("agreement",)`), "Amendment 3" or "3" of that agreement.

    The key is made of two columns, so it is looked up through them (the unique index), never by
    comparing the concatenated text of every amendment.
    """

    default_error_messages = {
        "ambiguous": "%(value)s is the id of %(by_id)s and the number of %(by_number)s: type the one you mean."
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__("amendment", **kwargs)

    def to_python(self, value: Any) -> Amendment | None:
        if value in self.empty_values:
            return None
        text = str(value).strip()
        source = self.source()
        found = by_number = None
        if "\x00" not in text:
            if text.isascii() and text.isdigit() and 1 <= int(text) <= MAX_ID:
                found = _amendments().filter(pk=int(text)).first()
                if source.forwarded and int(text) <= _NUMBER_MAX:
                    by_number = source.records().filter(number=int(text)).first()
            if found is not None and by_number is not None and found != by_number:
                raise forms.ValidationError(
                    self.error_messages["ambiguous"],
                    code="ambiguous",
                    params={"value": text, "by_id": _key(found), "by_number": _key(by_number)},
                )
            found = found or by_number
            if found is None and (_parsed(text) is not None or (source.forwarded and _number(text) is not None)):
                try:
                    found = source.named(text)
                except Amendment.DoesNotExist:
                    found = None
        if found is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"name": "amendment", "value": value},
            )
        return found
