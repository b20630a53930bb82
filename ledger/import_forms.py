"""Forms of the data-file upload (`ledger.import_views`): the file, then the apply step."""

from django import forms
from django.core.exceptions import ValidationError

from core.editing import clean_reason
from core.forms import YesNoField

MAX_DATA_FILE_BYTES = 2 * 1024 * 1024  # the seed is 0.17 MiB
DATA_FILE_SUFFIXES = (".yaml", ".yml")


class DataFileUploadForm(forms.Form):
    data_file = forms.FileField(
        label="Data file (YAML)",
        help_text="The format of data/README.md, as `manage.py export_agreement` writes it. At most 2 MiB.",
    )

    def clean_data_file(self):
        upload = self.cleaned_data["data_file"]
        if not upload.name.lower().endswith(DATA_FILE_SUFFIXES):
            raise ValidationError("A data file is YAML: its name ends in .yaml or .yml.")
        if upload.size > MAX_DATA_FILE_BYTES:
            raise ValidationError(f"The file is {upload.size:,} bytes; at most {MAX_DATA_FILE_BYTES:,} (2 MiB).")
        return upload


class DataFileApplyForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)
    prune = YesNoField(
        label="Also delete the records the file no longer lists",
        help_text="Refused if recorded data (revisions, remedies, actual dates…) depends on one of them.",
    )
    change_reason = forms.CharField(
        label="Reason", max_length=500, widget=forms.Textarea(attrs={"rows": 2}), help_text="Kept in the history."
    )

    def clean_change_reason(self):
        try:
            return clean_reason(self.cleaned_data.get("change_reason"))
        except ValidationError as error:
            raise ValidationError(error.message_dict["change_reason"]) from None
