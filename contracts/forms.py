from django import forms

from core.autocomplete import AutocompleteField
from core.pointintime.inputs import PagePointInTimeForm


class EntityLookupForm(PagePointInTimeForm):
    """Any name an entity goes by, the date to check its authorization on, and optionally the agreement."""

    name = forms.CharField(
        label="Entity name",
        max_length=200,
        required=False,
        help_text=("Current or former name, defined term or variant; case, punctuation and (TM)/(R) are ignored."),
    )
    agreement = AutocompleteField(
        "agreement",
        label="Agreement",
        required=False,
        help_text="Contract number. Empty: each entity under the agreements it was added to as a Customer.",
    )
    field_order = ["name", "agreement", "on", "as_agreed"]
