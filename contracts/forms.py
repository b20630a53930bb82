from django import forms

from core.pointintime.inputs import PagePointInTimeForm


class EntityLookupForm(PagePointInTimeForm):
    """Any name an entity goes by, and the date to check its authorization on."""

    name = forms.CharField(
        label="Entity name",
        max_length=200,
        required=False,
        help_text=("Current or former name, defined term or variant; case, punctuation and (TM)/(R) are ignored."),
    )
    field_order = ["name", "on", "as_agreed"]
