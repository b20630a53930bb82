"""The quote API's writing of answers, in one pass over a quote of up to 1,000 lines.

The documented shape stays `QuoteResponseSerializer` (`pricing.api.serializers`); walking it per line
did not scale. `quote_answer` writes what that serializer writes, field by field, with each field's
own conversion (a Decimal quantized to its places, a date in ISO format); a clause or warranty list
shared by many lines is converted once, and `AnswerRenderer` renders each shared object once. Tests
compare the two, byte for byte. The lines are read by `pricing.api.quote_lines`.
"""

import decimal
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from rest_framework.compat import LONG_SEPARATORS, SHORT_SEPARATORS
from rest_framework.renderers import JSONRenderer

from pricing.results import AMOUNT_DIGITS, TOTAL_DIGITS, Clause, LineResult, QuoteResult, Warranty

# Writing the answer: each field converted as `QuoteResponseSerializer`'s field converts it.


def _decimal_text(max_digits: int, context: decimal.Context) -> Callable[[Decimal | None], str | None]:
    """`serializers.DecimalField(max_digits, decimal_places=2).to_representation`, None kept."""
    local = context.copy()
    local.prec = max_digits
    cent = Decimal(".1") ** 2

    def text(value: Decimal | None) -> str | None:
        if value is None:
            return None
        return f"{value.quantize(cent, context=local):f}"

    return text


def _date_text(value: date | None) -> str | None:
    return value.isoformat() if value else None


class _Writer:
    def __init__(self) -> None:
        context = decimal.getcontext()
        self.percent = _decimal_text(5, context)
        self.amount = _decimal_text(AMOUNT_DIGITS, context)
        self.total = _decimal_text(TOTAL_DIGITS, context)
        self.clauses: dict[int, tuple[Clause, dict[str, Any]]] = {}
        self.warranties: dict[int, tuple[tuple[Warranty, ...], list[dict[str, Any]]]] = {}
        self.lines: dict[int, tuple[LineResult, dict[str, Any]]] = {}

    def clause(self, clause: Clause | None) -> dict[str, Any] | None:
        if clause is None:
            return None
        kept = self.clauses.get(id(clause))
        if kept is None:
            kept = self.clauses[id(clause)] = (
                clause,
                {
                    "amendment_number": int(clause.amendment_number),
                    "amendment_date": _date_text(clause.amendment_date),
                    "amendment_section": str(clause.amendment_section),
                    "schedule_section": str(clause.schedule_section),
                    "text_ref": str(clause.text_ref),
                    "text": str(clause),
                },
            )
        return kept[1]

    def warranty_list(self, warranties: tuple[Warranty, ...]) -> list[dict[str, Any]]:
        kept = self.warranties.get(id(warranties))
        if kept is None:
            kept = self.warranties[id(warranties)] = (
                warranties,
                [
                    {"component": str(w.component), "period": str(w.period), "clause": self.clause(w.clause)}
                    for w in warranties
                ],
            )
        return kept[1]

    def line(self, line: LineResult) -> dict[str, Any]:
        # The engine gives one answer object for lines asked alike (`pricing.engine.price_quote`).
        kept = self.lines.get(id(line))
        if kept is None:
            kept = self.lines[id(line)] = (line, self._line(line))
        return kept[1]

    def _line(self, line: LineResult) -> dict[str, Any]:
        amount = self.amount
        return {
            "product_asked": str(line.request.product),
            "product": str(line.product_name),
            "product_id": None if line.product_pk is None else int(line.product_pk),
            "schedule": str(line.schedule_section),
            "component": str(line.component),
            "quantity": int(line.request.quantity),
            "outcome": str(line.outcome.value),
            "percent": self.percent(line.percent),
            "rule": str(line.rule),
            "clause": self.clause(line.clause),
            "unit_net": amount(line.unit_net),
            "extended_list": amount(line.extended_list),
            "extended_net": amount(line.extended_net),
            "warranties": self.warranty_list(line.warranties),
            "warnings": [str(w) for w in line.warnings],
            "candidates": [str(c) for c in line.candidates],
        }


def quote_answer(result: QuoteResult, now: list[LineResult | None]) -> dict[str, Any]:
    """`QuoteResponseSerializer(result, context={"now": now}).data`, as plain values."""
    write = _Writer()
    return {
        "on": _date_text(result.as_of.on),
        "as_agreed": _date_text(result.as_of.as_agreed),
        "entity": str(result.entity_name),
        "eligibility": str(result.eligibility.standing.value),
        "eligibility_reasons": [str(r) for r in result.eligibility.reasons],
        "lines": [write.line(line) for line in result.lines],
        "total_list": write.total(result.total_list),
        "total_net": write.total(result.total_net),
        "complete": bool(result.complete),
        "as_agreed_now": [write.line(line) if line else None for line in now],
    }


class AnswerRenderer(JSONRenderer):
    """`JSONRenderer`'s bytes, exactly, for an answer whose lists repeat the same objects (`quote_answer`
    gives lines answered alike one object): each object is rendered once. The JSON of an object or a
    list is its members' JSON joined by the same separators, and the escaping of \\u2028 and \\u2029 and
    the UTF-8 encoding are character by character, so rendering the members separately and joining
    their bytes gives the same bytes; anything else is left to `JSONRenderer`."""

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None) -> bytes:
        indent = self.get_indent(accepted_media_type or "", renderer_context or {})
        if type(data) is not dict or indent is not None or not all(type(key) is str for key in data):
            return super().render(data, accepted_media_type, renderer_context)
        between, after_key = SHORT_SEPARATORS if self.compact else LONG_SEPARATORS
        # What `json.dumps(..., cls=self.encoder_class, ...)` builds for each call, built once.
        dumps = self.encoder_class(
            ensure_ascii=self.ensure_ascii, allow_nan=not self.strict, separators=(between, after_key)
        ).encode

        def encoded(value: Any) -> bytes:
            # As JSONRenderer: \u2028 and \u2029 escaped, so that the JSON is a strict JavaScript subset.
            return dumps(value).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").encode()

        rendered: dict[int, bytes] = {}  # by id: the objects stay alive in `data` meanwhile

        def member(value: Any) -> bytes:
            if value is None:
                return b"null"
            if type(value) is not dict:
                return encoded(value)
            text = rendered.get(id(value))
            if text is None:
                text = rendered[id(value)] = encoded(value)
            return text

        sep, colon = between.encode(), after_key.encode()

        def value_text(value: Any) -> bytes:
            return b"[" + sep.join(map(member, value)) + b"]" if type(value) is list else encoded(value)

        members = [encoded(key) + colon + value_text(value) for key, value in data.items()]
        return b"{" + sep.join(members) + b"}"
