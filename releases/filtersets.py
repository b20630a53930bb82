"""Board filters. Product line filters in the database; milestone, flag, deadline range and the
as-of date are computed values, applied by `releases.board.board_rows` on the filtered releases."""

import django_filters
from django import forms
from django_filters.fields import ModelChoiceField

from core.pointintime.inputs import PointInTimeFilter, as_of_from
from releases.models import Milestone, ProductLine, Release
from releases.slips import Flag

FLAG_CHOICES = [(f.name.lower(), f.value) for f in Flag]
_DATE = forms.DateInput(attrs={"type": "date"})


class ProductLineChoiceField(ModelChoiceField):
    """Numbered as in the exhibit: it lists some product lines twice (FT-2000 OC-48)."""

    def label_from_instance(self, obj):
        return f"{obj.position}. {obj.name}"


class ProductLineFilter(django_filters.ModelChoiceFilter):
    field_class = ProductLineChoiceField


class ReleaseFilterForm(forms.Form):
    def clean(self):
        data = super().clean() or {}
        start, end = data.get("deadline_from"), data.get("deadline_to")
        if start and end and end < start:
            self.add_error("deadline_to", "Deadline to must not be before deadline from.")
        return data


def flag_from_choice(value):
    return Flag[value.upper()] if value else None


class ReleaseFilterSet(django_filters.FilterSet):
    product_line = ProductLineFilter(
        field_name="group__product_line",
        queryset=ProductLine.objects.all(),
        label="Product line",
    )
    milestone = django_filters.ChoiceFilter(
        choices=Milestone.choices, method="computed", label="Milestone", empty_label="GA (default)"
    )
    flag = django_filters.ChoiceFilter(choices=FLAG_CHOICES, method="computed", label="Flag")
    deadline_from = django_filters.DateFilter(method="computed", label="Deadline from", widget=_DATE)
    deadline_to = django_filters.DateFilter(method="computed", label="Deadline to", widget=_DATE)
    on = PointInTimeFilter("on", help_text="The date the flags are computed for. Empty: today.")

    class Meta:
        model = Release
        fields = ["product_line"]
        form = ReleaseFilterForm

    def computed(self, queryset, name, value):
        """Applied to the computed statuses, not the query (see `releases.board`)."""
        return queryset

    def board_options(self):
        """The keyword arguments of `board_rows` from the form data; None when it is invalid (the form says
        why, and no date is assumed in place of a wrong one)."""
        if self.is_bound and not self.form.is_valid():
            return None
        data = self.form.cleaned_data if self.is_bound else {}
        return {
            "as_of": as_of_from(data).on,
            "milestone": data.get("milestone") or Milestone.GA,
            "flag": flag_from_choice(data.get("flag")),
            "deadline_from": data.get("deadline_from"),
            "deadline_to": data.get("deadline_to"),
        }
