"""The quote form: a header (agreement, entity, dates) and a formset of lines."""

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.forms import BoundField
from django.forms.formsets import DELETION_FIELD_NAME, TOTAL_FORM_COUNT
from django.utils import timezone

from core.autocomplete import AutocompleteField, AutocompleteWidget
from core.forms import YesNoField
from core.pointintime.dates import AsOf
from pricing.buying import agreement_for
from pricing.choices import Component
from pricing.quotes import OPTIONAL_INPUTS, customer_refusal, seller_refusal
from pricing.results import (
    AMOUNT_DIGITS,
    MAX_QUANTITY,
    PACKET_COMPONENTS,
    PRICE_DIGITS,
    LineRequest,
    UserCondition,
)

_DATE = forms.DateInput(attrs={"type": "date"})
# A quote page is read by a person: 50 lines (documented in the README; checked from the management
# form before any line form is built). A program may price a whole order through the API in one
# request: 1,000 lines (its cost is linear in the lines, with constant queries; `make bench-scale`).
MAX_LINES = 50
API_MAX_LINES = 1_000


def _money(label: str, digits: int = PRICE_DIGITS) -> forms.DecimalField:
    """An optional amount of money: to the cent, never negative, at most `digits` digits (`pricing.results`)."""
    return forms.DecimalField(label=label, required=False, max_digits=digits, decimal_places=2, min_value=Decimal("0"))


class QuoteForm(forms.Form):
    """Who buys, under which agreement, on which date, as the agreement stood when.

    The one definition of a quote's input: the quote page binds it, and the API validates through it
    (`pricing.api.serializers.QuoteRequestSerializer`). Records are named by key, id or exact name, in
    text boxes with suggestions: a select would list every entity and agreement of the portfolio.
    """

    agreement = AutocompleteField(
        "agreement",
        required=False,
        label="Agreement",
        help_text="Contract number (the agreement's key), id or title; may be left out when the buying entity "
        "is a Customer under one agreement only.",
    )
    entity = AutocompleteField(
        "entity",
        forward=("agreement", "on", "as_agreed"),
        label="Buying entity",
        help_text="The entity's key, id or exact name. Must be a Customer on the date.",
    )
    on = forms.DateField(label="Order date", widget=_DATE, help_text="The date the terms apply to.")
    as_agreed = forms.DateField(
        label="As agreed on",
        required=False,
        widget=_DATE,
        help_text="Count only amendments effective by this date. Empty: every amendment on record.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()

    def clean(self) -> dict[str, Any]:
        data = cast(dict[str, Any], super().clean())
        self._infer_agreement(data)
        agreement, entity = data.get("agreement"), data.get("entity")
        if agreement is not None and entity is not None:
            refusal = seller_refusal(agreement, entity)
            if refusal:
                self.add_error("entity", refusal)
        return data

    def _infer_agreement(self, data: dict[str, Any]) -> None:
        if data.get("agreement") is not None or "agreement" in self.errors:
            return
        entity, on = data.get("entity"), data.get("on")
        if entity is None or on is None:
            return  # their own errors say what is missing
        choice = agreement_for(entity, AsOf(on=on, as_agreed=data.get("as_agreed")))
        if choice.agreement is None:
            self.add_error("agreement", choice.why)
        else:
            data["agreement"] = choice.agreement


class QuoteSuggestWidget(AutocompleteWidget):
    """A text box whose suggestions the quote page asks for with its own agreement and dates
    (`pricing.views.QuoteSuggestionsView`, `static/js/quote.js`): a buyer among the agreement's
    Customers on the order date, a product of the agreement with its schedule and components."""

    def __init__(self, kind: str, source: str, *, datalist: str = "") -> None:
        super().__init__(source)
        self.kind, self.datalist = kind, datalist

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        del widget_attrs["data-autocomplete"]  # static/js/autocomplete.js would ask without the dates
        widget_attrs["data-quote-suggest"] = self.kind
        if self.datalist:  # suggestions the page lists itself (the Customers on the date)
            widget_attrs["list"] = self.datalist
        return context


class QuotePageForm(QuoteForm):
    """The quote page's header: the buying entity is one of the agreement's Customers on the order date,
    unless the user asks to see all entities (`pricing.quotes`)."""

    all_entities = YesNoField(
        label="Show all entities",
        help_text="Entities that are not Customers of the agreement on the order date get no discount under it; "
        "each line then says why.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["entity"].widget = QuoteSuggestWidget("buyer", "entity", datalist="quote-buyers")
        self.fields["entity"].help_text = "One of the agreement's Customers on the order date: key, id or name."

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        agreement, entity, on = data.get("agreement"), data.get("entity"), data.get("on")
        if agreement is None or entity is None or on is None or data.get("all_entities") or "entity" in self.errors:
            return data
        refusal = customer_refusal(agreement, entity, AsOf(on=on, as_agreed=data.get("as_agreed")))
        if refusal:
            self.add_error("entity", refusal)
        return data


class QuoteLineForm(forms.Form):
    """One line of a quote; the page's formset and the API's `lines` both read lines through it."""

    product = forms.CharField(
        label="Product",
        max_length=200,
        widget=AutocompleteWidget("product"),
        help_text="Any name, abbreviation or order code.",
    )
    component = forms.ChoiceField(label="Component", choices=[("", "—")] + Component.choices, required=False)
    condition = forms.ChoiceField(label="Condition", choices=UserCondition.CHOICES, required=False)
    stsx1_cards_added = forms.IntegerField(label="STSX-1 cards added", min_value=0, max_value=100_000, required=False)
    order_code = forms.CharField(label="Order code", max_length=60, required=False)
    list_price = _money("List price")
    quantity = forms.IntegerField(label="Quantity", min_value=1, max_value=MAX_QUANTITY, initial=1)
    packet_components = forms.MultipleChoiceField(
        label="7R/E elements in the order",
        choices=[(c, c.replace("_", " ").capitalize()) for c in PACKET_COMPONENTS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    installed_at_one_time = YesNoField(label="Installed at one time")
    quoted_unit_price = _money("Firm quotation (unit)")
    comparable_5ess_price = _money("Comparable 5ESS TDM price", AMOUNT_DIGITS)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("condition") == UserCondition.GROWTH and data.get("stsx1_cards_added") is None:
            self.add_error("stsx1_cards_added", "Growth needs the number of STSX-1 cards added.")
        return data

    def to_request(self) -> LineRequest:
        return line_request(self.cleaned_data)

    def split_inputs(self, needed: frozenset[str] | None) -> tuple[list[BoundField], list[BoundField]]:
        """(the inputs shown on the line, those under "More inputs"). `needed`: the optional inputs the
        line's product needs (`pricing.quotes.inputs_for`), None when the product is not known yet. An
        input that holds a value or an error is always shown."""
        shown, more = [], []
        for field in self:
            if field.name == DELETION_FIELD_NAME:
                continue
            optional = field.name in OPTIONAL_INPUTS
            if not optional or (needed is not None and field.name in needed) or field.errors or self._holds(field):
                shown.append(field)
            else:
                more.append(field)
        return shown, more

    def _holds(self, field: BoundField) -> bool:
        if not self.is_bound:
            return False
        value = field.data
        return value not in (None, "", [], False)


def line_request(data) -> LineRequest:
    """The engine's input for one line, from a `QuoteLineForm`'s cleaned data (page or API)."""
    fields = {k: v for k, v in data.items() if k != DELETION_FIELD_NAME}
    return LineRequest(**{**fields, "packet_components": frozenset(data["packet_components"])})


TOO_MANY_LINES = "A quote has at most %(num)d lines; this one asked for more. Split it into several quotes."


class BaseQuoteLineFormSet(forms.BaseFormSet):
    """The lines of a quote. A request announcing more than `MAX_LINES` lines in its management form is
    refused before any line form is built: building and rendering them is the cost to avoid."""

    default_error_messages = {"too_many_forms": TOO_MANY_LINES}

    @property
    def oversized(self) -> bool:
        if not self.is_bound:  # an unbound management form is built from total_form_count()
            return False
        management = self.management_form
        if not management.is_valid():
            return False
        announced = management.cleaned_data[TOTAL_FORM_COUNT]  # a valid management form has it
        return announced is not None and announced > MAX_LINES

    def total_form_count(self) -> int:
        if self.oversized:
            return 0  # full_clean still refuses it: TOTAL_FORMS is above absolute_max
        return super().total_form_count()

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        form.fields["product"].widget = QuoteSuggestWidget("product", "product")
        if DELETION_FIELD_NAME in form.fields:
            form.fields[DELETION_FIELD_NAME].label = "Remove this line"

    def kept_forms(self) -> list[QuoteLineForm]:
        """The lines the user filled in and did not remove."""
        return [
            form
            for form in self.forms
            # Django's own reading of the "remove" box; the stubs do not declare it.
            if form.has_changed() and not (self.can_delete and self._should_delete_form(form))  # type: ignore[attr-defined]
        ]

    def clean(self):
        super().clean()
        if not any(not form.errors for form in self.kept_forms()) and not any(self.errors):
            raise forms.ValidationError("Enter at least one line.")

    def to_requests(self) -> list[LineRequest]:
        return [form.to_request() for form in self.kept_forms() if form.cleaned_data]


# formset_factory returns a subclass of `formset`; the stubs type it as plain BaseFormSet.
QuoteLineFormSet = cast(
    type[BaseQuoteLineFormSet],
    forms.formset_factory(
        QuoteLineForm,
        formset=BaseQuoteLineFormSet,
        extra=1,
        can_delete=True,
        max_num=MAX_LINES,
        absolute_max=MAX_LINES,
        validate_max=True,
    ),
)


class SaveQuoteForm(forms.Form):
    """What saving a priced quote asks besides its inputs: a title."""

    title = forms.CharField(label="Title", max_length=200, help_text="A name to find the quote by later.")


class QuoteSuggestionsForm(forms.Form):
    """A question to the quote page's suggestions: a buyer, a product, or the inputs a product needs."""

    kind = forms.ChoiceField(choices=[("buyer", "buyer"), ("product", "product"), ("inputs", "inputs")])
    q = forms.CharField(required=False, max_length=200)
    agreement = AutocompleteField("agreement", required=False)
    on = forms.DateField(required=False)
    as_agreed = forms.DateField(required=False)
    all = YesNoField()

    def as_of(self) -> AsOf:
        data = self.cleaned_data
        return AsOf(on=data.get("on") or timezone.localdate(), as_agreed=data.get("as_agreed"))
