"""The audit log's filter form."""

from django import forms
from django.contrib.auth import get_user_model

from contracts.models import Amendment
from core.history import audited_models
from core.keys import MAX_ID
from core.pointintime.inputs import PagePointInTimeForm, PointInTimeForm
from core.validators import date_range_errors
from ledger.audit import AuditFilter


def _model_choices():
    """Read when the form is shown, so it lists the models installed then."""
    return [("", "any")] + [
        (m._meta.label_lower, f"{m._meta.app_config.verbose_name}: {m._meta.verbose_name}") for m in audited_models()
    ]


class AuditFilterForm(forms.Form):
    """Filters of the audit log; every field optional."""

    user = forms.ModelChoiceField(queryset=get_user_model().objects.order_by("username"), required=False, label="User")
    model = forms.ChoiceField(choices=_model_choices, required=False, label="Record type")
    object_id = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID, label="Record id")
    date_from = forms.DateField(required=False, label="From", widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(required=False, label="To", widget=forms.DateInput(attrs={"type": "date"}))
    amendment = forms.ModelChoiceField(
        queryset=Amendment.objects.select_related("agreement"), required=False, label="Amendment"
    )

    def clean(self):
        super().clean()
        data = self.cleaned_data
        for field, message in date_range_errors(
            data.get("date_from"), data.get("date_to"), field="date_to", start_label="'From'"
        ).items():
            self.add_error(field, message)
        return data

    def audit_filter(self):
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


class RecordedAtForm(PagePointInTimeForm):
    """The three axes: a moment of system time (required), and the two contract dates to read it with."""

    axes = ("recorded_at", "on", "as_agreed")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recorded_at"].required = True


class ComparedPointForm(PointInTimeForm):
    """One side of a comparison (prefix `left` or `right`): its "on" date is required."""

    def __init__(self, *args, side: str, **kwargs):
        super().__init__(*args, prefix=side, **kwargs)
        self.fields["on"].required = True
        for field in self.fields.values():
            field.label = f"{'Before' if side == 'left' else 'After'}: {str(field.label).lower()}"


def compared_points(data) -> tuple[ComparedPointForm, ComparedPointForm]:
    """The two sides of the compare page; unbound until something is asked."""
    bound = data if data else None
    return ComparedPointForm(bound, side="left"), ComparedPointForm(bound, side="right")
