"""The draft page's forms: the amendment's particulars, one inline formset per kind of change, and executing.

Pickers of an agreement's own records (its schedules, lines, releases, provisions) are selects scoped
to that agreement, a few hundred options at most however large the portfolio; entities are picked by
any of their names (`core.autocomplete`).
"""

from typing import Any, cast

from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory

from contracts.documents import SignedDocumentField
from contracts.models import Agreement, Provision
from core.autocomplete import AutocompleteField
from core.forms import YesNoField
from drafts.models import (
    AmendmentDraft,
    CustomerChange,
    DiscountChange,
    ProvisionChange,
    ReleaseChange,
    SignatureChange,
    WarrantyChange,
)
from pricing.models import DiscountLine, DiscountSchedule
from releases.models import Release

DATE = forms.DateInput(attrs={"type": "date"})
SHORT_TEXT = forms.Textarea(attrs={"rows": 2})


class DraftForm(forms.ModelForm):
    """The amendment's own particulars and the Term change. The hidden version catches stale edits."""

    base_version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = AmendmentDraft
        fields = ["number", "effective_date", "title", "term_expiry_date", "term_section", "note"]
        widgets = {
            "effective_date": DATE,
            "term_expiry_date": DATE,
            "title": SHORT_TEXT,
            "note": SHORT_TEXT,
        }
        help_texts = {"number": "As the amendment is numbered."}

    def clean(self):
        cleaned = super().clean() or self.cleaned_data
        agreement = self.instance.agreement
        effective = cleaned.get("effective_date")
        if agreement is not None and effective and effective < agreement.effective_date:
            self.add_error(
                "effective_date",
                f"An amendment cannot take effect before its agreement ({agreement.effective_date:%Y-%m-%d}).",
            )
        number = cleaned.get("number")
        if agreement is not None and number is not None and agreement.amendments.filter(number=number).exists():
            self.add_error("number", f"Amendment {number} of {agreement.contract_number} already exists.")
        expiry = cleaned.get("term_expiry_date")
        if expiry and effective and expiry < effective:
            self.add_error("term_expiry_date", "The new Term cannot end before the amendment takes effect.")
        return cleaned


class NewAgreementForm(forms.ModelForm):
    """A new agreement: its parties and dates; its terms are then drafted like an amendment's."""

    new_seller = AutocompleteField("entity", label="Seller", help_text="Any of the seller's names.")

    class Meta:
        model = AmendmentDraft
        fields = [
            "new_title",
            "new_contract_number",
            "new_seller",
            "effective_date",
            "term_expiry_date",
            "new_requires_second_approval",
            "note",
        ]
        labels = {"effective_date": "Effective date", "term_expiry_date": "Term expires on"}
        widgets = {"effective_date": DATE, "term_expiry_date": DATE, "note": SHORT_TEXT}
        field_classes = {"new_requires_second_approval": YesNoField}

    def clean_new_contract_number(self):
        number = self.cleaned_data["new_contract_number"].strip()
        if not number:
            raise forms.ValidationError("Give the agreement's contract number.")
        if Agreement.objects.filter(contract_number=number).exists():
            raise forms.ValidationError(f"An agreement {number} already exists.")
        if (
            AmendmentDraft.objects.filter(new_contract_number=number, agreement__isnull=True)
            .exclude(status=AmendmentDraft.Status.WITHDRAWN)
            .exists()
        ):
            raise forms.ValidationError(f"A draft for agreement {number} already exists.")
        return number

    def clean_new_title(self):
        title = self.cleaned_data["new_title"].strip()
        if not title:
            raise forms.ValidationError("Give the agreement's title, e.g. 'General Agreement'.")
        return title


class _PartFormSet(BaseInlineFormSet):
    """Each part's pickers list only the draft's agreement's records."""

    def __init__(self, *args: Any, agreement: Agreement | None = None, **kwargs: Any) -> None:
        self.agreement = agreement
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "agreement": self.agreement}


def choice_field(form: forms.BaseForm, name: str) -> "forms.ModelChoiceField[Any]":
    """A model form's foreign-key field, typed as what it is."""
    return cast("forms.ModelChoiceField[Any]", form.fields[name])


class _PartForm(forms.ModelForm):
    def __init__(self, *args: Any, agreement: Agreement | None = None, **kwargs: Any) -> None:
        self.agreement = agreement
        super().__init__(*args, **kwargs)
        self.scope(agreement)

    def scope(self, agreement: Agreement | None) -> None:
        """Limit the pickers to `agreement`'s records (none for a new agreement)."""


class CustomerChangeForm(_PartForm):
    entity = AutocompleteField("entity", label="Entity", help_text="Any of its names.")

    class Meta:
        model = CustomerChange
        fields = ["action", "entity", "on", "defined_term", "amendment_section", "note"]
        widgets = {"on": DATE, "note": SHORT_TEXT}


class ProvisionChangeForm(_PartForm):
    class Meta:
        model = ProvisionChange
        fields = [
            "action",
            "provision",
            "part",
            "section",
            "title",
            "text",
            "valid_from",
            "amendment_section",
            "cited_place",
            "note",
        ]
        widgets = {"valid_from": DATE, "text": forms.Textarea(attrs={"rows": 4}), "note": SHORT_TEXT}

    def scope(self, agreement):
        field = choice_field(self, "provision")
        field.queryset = Provision.objects.filter(agreement=agreement).order_by("part", "section", "key")


def line_label(line: DiscountLine) -> str:
    parts = [line.product_as_written]
    if line.component:
        parts.append(line.get_component_display().lower())
    if line.condition:
        parts.append(line.get_condition_display().lower())
    table = line.table
    return f"{table.schedule.section} · {', '.join(parts)}: {line.percent_label} (Amendment {table.amendment.number})"


class DiscountChangeForm(_PartForm):
    class Meta:
        model = DiscountChange
        fields = [
            "action",
            "schedule",
            "new_schedule_section",
            "new_schedule_title",
            "line",
            "product_name",
            "component",
            "condition",
            "percent",
            "no_number_reason",
            "valid_from",
            "valid_to",
            "footnotes",
            "amendment_section",
            "cited_place",
            "note",
        ]
        widgets = {"valid_from": DATE, "valid_to": DATE, "note": SHORT_TEXT}

    def scope(self, agreement):
        choice_field(self, "schedule").queryset = DiscountSchedule.objects.filter(agreement=agreement).order_by(
            "section"
        )
        line_field = choice_field(self, "line")
        line_field.queryset = (
            DiscountLine.objects.filter(table__schedule__agreement=agreement)
            .select_related("table__schedule", "table__amendment")
            .order_by("table__schedule__section", "product_as_written", "component", "condition", "table__valid_from")
        )
        line_field.label_from_instance = line_label  # type: ignore[method-assign,assignment]  # Django's documented hook
        self.fields["product_name"].widget.attrs["list"] = "draft-product-names"


class WarrantyChangeForm(_PartForm):
    class Meta:
        model = WarrantyChange
        fields = [
            "schedule",
            "applies_to_as_written",
            "component",
            "months",
            "days",
            "text",
            "amendment_section",
            "note",
        ]
        widgets = {"text": SHORT_TEXT, "note": SHORT_TEXT}

    def scope(self, agreement):
        choice_field(self, "schedule").queryset = DiscountSchedule.objects.filter(agreement=agreement).order_by(
            "section"
        )


class ReleaseChangeForm(_PartForm):
    class Meta:
        model = ReleaseChange
        fields = [
            "action",
            "release",
            "product_line_name",
            "name_as_written",
            "ci_fsa_as_written",
            "ga_as_written",
            "amendment_section",
            "note",
        ]
        widgets = {"note": SHORT_TEXT}

    def scope(self, agreement):
        field = choice_field(self, "release")
        field.queryset = (
            Release.objects.filter(group__product_line__schedule__amendment__agreement=agreement)
            .select_related("group__product_line")
            .order_by("group__product_line__position", "group__position", "position")
        )
        field.label_from_instance = lambda r: (  # type: ignore[method-assign,assignment]  # Django's documented hook
            f"{r.group} · {r.name_as_written} (CI/FSA {r.ci_fsa_as_written or '—'}, GA {r.ga_as_written or '—'})"
        )


class SignatureChangeForm(_PartForm):
    entity = AutocompleteField("entity", label="For", required=False, help_text="Blank when the block names none.")

    class Meta:
        model = SignatureChange
        fields = ["entity", "signatory", "title", "date", "note"]
        widgets = {"date": DATE, "note": SHORT_TEXT}


def _formset(model, form):
    return inlineformset_factory(
        AmendmentDraft, model, form=form, formset=_PartFormSet, extra=0, can_delete=True, max_num=200, validate_max=True
    )


# (prefix, heading, formset class): the order of the draft page.
PART_FORMSETS = (
    ("customers", "Customers added or removed", _formset(CustomerChange, CustomerChangeForm)),
    ("provisions", "Provisions added, replaced or deleted", _formset(ProvisionChange, ProvisionChangeForm)),
    ("discounts", "Discount lines added, replaced or ended", _formset(DiscountChange, DiscountChangeForm)),
    ("warranties", "Warranty terms", _formset(WarrantyChange, WarrantyChangeForm)),
    ("releases", "Release schedule rows added or revised", _formset(ReleaseChange, ReleaseChangeForm)),
    ("signatures", "Signatures", _formset(SignatureChange, SignatureChangeForm)),
)


class ExecuteForm(forms.Form):
    signed_document = SignedDocumentField(label="Signed document (PDF)")
    signed_on = forms.DateField(label="Signed on", widget=DATE)
    confirm_retroactive = YesNoField(label="I confirm the retroactive dates listed in the preview")
    reason = forms.CharField(
        label="Why", max_length=500, widget=SHORT_TEXT, help_text="Recorded in the history of every record written."
    )


class ApproveForm(forms.Form):
    reason = forms.CharField(label="Why", max_length=500, widget=SHORT_TEXT)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="Why", max_length=500, widget=SHORT_TEXT)
