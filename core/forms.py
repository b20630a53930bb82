"""Forms shared by the apps."""

from datetime import date

from django import forms
from django.utils import timezone

from core.concurrency import StaleEditError, check_version, version_of


class AsOfForm(forms.Form):
    """The two dates of a point-in-time question. `on` defaults to today, and the page says so."""

    on = forms.DateField(
        label="On",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The date the terms apply to.",
    )
    as_agreed = forms.DateField(
        label="As agreed on",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Count only amendments effective by this date. Empty: every amendment on record.",
    )

    def __init__(self, data=None, **kwargs):
        super().__init__(data if data else None, **kwargs)
        self.submitted = bool(data)

    def dates(self) -> tuple[date, date | None] | None:
        """(on, as_agreed): today and None where the user gave nothing; None if the input is invalid.

        An invalid date is never replaced by today: the page shows the error and no answer.
        """
        today = timezone.localdate()
        if not self.submitted:
            return today, None
        if not self.is_valid():
            return None
        return self.cleaned_data["on"] or today, self.cleaned_data["as_agreed"]


class AuditFilterForm(forms.Form):
    """Filters of the audit log; every field optional."""

    user = forms.ModelChoiceField(queryset=None, required=False, label="User")
    model = forms.ChoiceField(required=False, label="Record type")
    object_id = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1, label="Record id")
    date_from = forms.DateField(required=False, label="From", widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(required=False, label="To", widget=forms.DateInput(attrs={"type": "date"}))
    amendment = forms.ModelChoiceField(queryset=None, required=False, label="Amendment")

    def __init__(self, *args, **kwargs):
        from django.contrib.auth import get_user_model

        from contracts.models import Amendment
        from core.audit import audited_models

        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = get_user_model().objects.order_by("username")
        self.fields["amendment"].queryset = Amendment.objects.select_related("agreement")
        self.fields["model"].choices = [("", "any")] + [
            (m._meta.label_lower, f"{m._meta.app_config.verbose_name}: {m._meta.verbose_name}")
            for m in audited_models()
        ]

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", "Must not be before 'From'.")
        return data

    def audit_filter(self):
        from core.audit import AuditFilter

        if not self.is_valid():
            return None
        data = self.cleaned_data
        return AuditFilter(
            user_id=data["user"].pk if data["user"] else None,
            model=data["model"] or None,
            object_id=data["object_id"],
            date_from=data["date_from"],
            date_to=data["date_to"],
            amendment_id=data["amendment"].pk if data["amendment"] else None,
        )


class VersionedFormMixin(forms.Form):
    """Refuses an edit made on a stale copy: someone else saved the record after the form was opened.

    Carries the record's version (its latest history id) in a hidden field; saving must then go
    through `core.concurrency.save_if_current` with that version, which re-checks under a lock.
    """

    base_version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["base_version"] = version_of(self.instance)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            try:
                check_version(self.instance, cleaned.get("base_version"))
            except StaleEditError as stale:
                raise forms.ValidationError(str(stale), code="stale") from stale
        return cleaned
