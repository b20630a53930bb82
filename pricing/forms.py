"""The quote form: a header (agreement, entity, dates) and a formset of lines."""

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils import timezone

from contracts.models import Agreement, LegalEntity
from core.keys import KeyOrIdChoiceField
from pricing.choices import Component
from pricing.results import PACKET_COMPONENTS, LineRequest, UserCondition

_DATE = forms.DateInput(attrs={"type": "date"})
MAX_LINES = 50


def _money(label: str) -> forms.DecimalField:
    """An optional amount of money: to the cent, never negative."""
    return forms.DecimalField(label=label, required=False, max_digits=14, decimal_places=2, min_value=Decimal("0"))


def _only_agreement():
    agreements = list(Agreement.objects.all()[:2])
    return agreements[0] if len(agreements) == 1 else None


class QuoteForm(forms.Form):
    """Who buys, under which agreement, on which date, as the agreement stood when.

    The one definition of a quote's input: the quote page binds it, and the API validates through it
    (`pricing.api.serializers.QuoteRequestSerializer`). Records are named by key or id.
    """

    agreement = KeyOrIdChoiceField(
        queryset=Agreement.objects.all(),
        key_field="contract_number",
        required=False,
        label="Agreement",
        help_text="Contract number or id; may be left out when there is only one agreement.",
    )
    entity = KeyOrIdChoiceField(
        queryset=LegalEntity.objects.all(),
        key_field="slug",
        label="Buying entity",
        help_text="The entity's key or id. Must be a Customer on the date.",
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
        only = _only_agreement()
        if only is not None:
            self.fields["agreement"].initial = only.pk
        self.fields["on"].initial = timezone.localdate()

    def clean_agreement(self):
        agreement = self.cleaned_data["agreement"] or _only_agreement()
        if agreement is None:
            raise forms.ValidationError("Name the agreement (contract number).")
        return agreement


class QuoteLineForm(forms.Form):
    """One line of a quote; the page's formset and the API's `lines` both read lines through it."""

    product = forms.CharField(label="Product", max_length=200, help_text="Any name, abbreviation or order code.")
    component = forms.ChoiceField(label="Component", choices=[("", "—")] + Component.choices, required=False)
    condition = forms.ChoiceField(label="Condition", choices=UserCondition.CHOICES, required=False)
    stsx1_cards_added = forms.IntegerField(label="STSX-1 cards added", min_value=0, max_value=100_000, required=False)
    order_code = forms.CharField(label="Order code", max_length=60, required=False)
    list_price = _money("List price")
    quantity = forms.IntegerField(label="Quantity", min_value=1, max_value=1_000_000, initial=1)
    packet_components = forms.MultipleChoiceField(
        label="7R/E elements in the order",
        choices=[(c, c.replace("_", " ").capitalize()) for c in PACKET_COMPONENTS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    installed_at_one_time = forms.BooleanField(label="Installed at one time", required=False)
    quoted_unit_price = _money("Firm quotation (unit)")
    comparable_5ess_price = _money("Comparable 5ESS TDM price")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("condition") == UserCondition.GROWTH and data.get("stsx1_cards_added") is None:
            self.add_error("stsx1_cards_added", "Growth needs the number of STSX-1 cards added.")
        return data

    def to_request(self) -> LineRequest:
        return line_request(self.cleaned_data)


def line_request(data) -> LineRequest:
    """The engine's input for one line, from a `QuoteLineForm`'s cleaned data (page or API)."""
    return LineRequest(**{**data, "packet_components": frozenset(data["packet_components"])})


class BaseQuoteLineFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if not any(form.has_changed() and not form.errors for form in self.forms) and not any(self.errors):
            raise forms.ValidationError("Enter at least one line.")

    def to_requests(self) -> list[LineRequest]:
        return [form.to_request() for form in self.forms if form.has_changed() and form.cleaned_data]


# formset_factory returns a subclass of `formset`; the stubs type it as plain BaseFormSet.
QuoteLineFormSet = cast(
    type[BaseQuoteLineFormSet],
    forms.formset_factory(QuoteLineForm, formset=BaseQuoteLineFormSet, extra=3, max_num=MAX_LINES, validate_max=True),
)
