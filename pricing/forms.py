"""The quote form: a header (agreement, entity, dates) and a formset of lines."""

from decimal import Decimal

from django import forms
from django.utils import timezone

from contracts.models import Agreement, LegalEntity
from pricing.choices import Component
from pricing.results import PACKET_COMPONENTS, LineRequest, UserCondition

_DATE = forms.DateInput(attrs={"type": "date"})
_MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": Decimal("0")}


class QuoteForm(forms.Form):
    """Who buys, under which agreement, on which date, as the agreement stood when."""

    agreement = forms.ModelChoiceField(queryset=Agreement.objects.all(), label="Agreement")
    entity = forms.ModelChoiceField(
        queryset=LegalEntity.objects.all(), label="Buying entity", help_text="Must be a Customer on the date."
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
        agreements = list(self.fields["agreement"].queryset[:2])
        if len(agreements) == 1:
            self.fields["agreement"].initial = agreements[0].pk
        self.fields["on"].initial = timezone.localdate()


class QuoteLineForm(forms.Form):
    product = forms.CharField(label="Product", max_length=200, help_text="Any name, abbreviation or order code.")
    component = forms.ChoiceField(label="Component", choices=[("", "—")] + Component.choices, required=False)
    condition = forms.ChoiceField(label="Condition", choices=UserCondition.CHOICES, required=False)
    stsx1_cards_added = forms.IntegerField(label="STSX-1 cards added", min_value=0, max_value=100_000, required=False)
    order_code = forms.CharField(label="Order code", max_length=60, required=False)
    list_price = forms.DecimalField(label="List price", required=False, **_MONEY)
    quantity = forms.IntegerField(label="Quantity", min_value=1, max_value=1_000_000, initial=1)
    packet_components = forms.MultipleChoiceField(
        label="7R/E elements in the order",
        choices=[(c, c.replace("_", " ").capitalize()) for c in PACKET_COMPONENTS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    installed_at_one_time = forms.BooleanField(label="Installed at one time", required=False)
    quoted_unit_price = forms.DecimalField(label="Firm quotation (unit)", required=False, **_MONEY)
    comparable_5ess_price = forms.DecimalField(label="Comparable 5ESS TDM price", required=False, **_MONEY)

    def clean(self):
        data = super().clean()
        if data.get("condition") == UserCondition.GROWTH and data.get("stsx1_cards_added") is None:
            self.add_error("stsx1_cards_added", "Growth needs the number of STSX-1 cards added.")
        return data

    def to_request(self) -> LineRequest:
        data = self.cleaned_data
        return LineRequest(
            product=data["product"],
            list_price=data["list_price"],
            quantity=data["quantity"],
            component=data["component"],
            condition=data["condition"],
            stsx1_cards_added=data["stsx1_cards_added"],
            order_code=data["order_code"],
            packet_components=frozenset(data["packet_components"]),
            installed_at_one_time=data["installed_at_one_time"],
            quoted_unit_price=data["quoted_unit_price"],
            comparable_5ess_price=data["comparable_5ess_price"],
        )


class BaseQuoteLineFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if not any(form.has_changed() and not form.errors for form in self.forms) and not any(self.errors):
            raise forms.ValidationError("Enter at least one line.")

    def to_requests(self) -> list[LineRequest]:
        return [form.to_request() for form in self.forms if form.has_changed() and form.cleaned_data]


QuoteLineFormSet = forms.formset_factory(
    QuoteLineForm, formset=BaseQuoteLineFormSet, extra=3, max_num=50, validate_max=True
)
