"""The board's filters: one agreement (named, or inferred when only one has a release schedule), its
product lines, the milestone, a flag, a deadline range and the as-of date. The flags are computed
values; `releases.board.board` applies all of them in the database.

The same form reads the API's query parameters (`board_form_class`), so the page and the endpoint
cannot disagree about what is valid.
"""

import copy
from dataclasses import replace
from functools import cached_property

import django_filters
from django import forms

from core.autocomplete import AutocompleteFilter, AutocompleteWidget
from core.pointintime.inputs import PointInTimeFilter, as_of_from
from core.search import best_only
from releases.board import Board, board, sole_scheduled_agreement
from releases.forms import AGREEMENT_HELP, OneAgreementMixin
from releases.models import Milestone, ProductLine, Release
from releases.slips import Flag

FLAG_CHOICES = [(f.name.lower(), f.value) for f in Flag]
_DATE = forms.DateInput(attrs={"type": "date"})


def flag_from_choice(value):
    return Flag[value.upper()] if value else None


class ReleaseFilterForm(OneAgreementMixin, forms.Form):
    def clean(self):
        data = super().clean()
        start, end = data.get("deadline_from"), data.get("deadline_to")
        if start and end and end < start:
            self.add_error("deadline_to", "Deadline to must not be before deadline from.")
        name, agreement = data.get("product_line"), data.get("agreement")
        if name and agreement:
            in_agreement = ProductLine.objects.of_agreement(agreement)
            lines = in_agreement.named(name)
            if not lines.exists():
                # Not its exact name: the product lines that best match its words (`core.search`).
                lines = in_agreement.filter(pk__in=best_only(in_agreement.matching(name)).values("pk"))
            if lines.exists():
                data["product_lines"] = lines
            else:
                self.add_error("product_line", f"{agreement.contract_number} has no product line {name!r}.")
        return data


def _unfiltered(queryset, name, value):
    return queryset  # never called: see `ReleaseFilterSet.filter_queryset`


class ReleaseFilterSet(django_filters.FilterSet):
    agreement = AutocompleteFilter(
        source="agreement",
        method=_unfiltered,
        label="Agreement",
        help_text=AGREEMENT_HELP,
    )
    product_line = django_filters.CharFilter(
        method=_unfiltered,
        label="Product line",
        max_length=200,
        widget=AutocompleteWidget("productline", forward=("agreement",)),
        help_text="Its name as in the exhibit (a name listed twice means both).",
    )
    q = django_filters.CharFilter(
        method=_unfiltered,
        label="Release",
        max_length=200,
        help_text="Words of the release, its group or product line, in any order (R5.0, OC-12 or oc12).",
    )
    milestone = django_filters.ChoiceFilter(
        choices=Milestone.choices, method=_unfiltered, label="Milestone", empty_label="GA (default)"
    )
    flag = django_filters.ChoiceFilter(choices=FLAG_CHOICES, method=_unfiltered, label="Flag")
    deadline_from = django_filters.DateFilter(method=_unfiltered, label="Deadline from", widget=_DATE)
    deadline_to = django_filters.DateFilter(method=_unfiltered, label="Deadline to", widget=_DATE)
    on = PointInTimeFilter(
        "on", help_text="The date the flags are computed for. Empty: today, or the Term's last day once it has ended."
    )

    class Meta:
        model = Release
        fields: list[str] = []
        form = ReleaseFilterForm

    def filter_queryset(self, queryset):
        """Unfiltered: the board applies every filter itself (`board`)."""
        return queryset

    @cached_property
    def _sole_agreement(self):
        return sole_scheduled_agreement()

    @property
    def needs_agreement(self) -> bool:
        """Nothing asked yet, and several agreements to choose from."""
        return not self.is_bound and self._sole_agreement is None

    def board(self) -> Board | None:
        """The board the form asks for; None when the input is invalid (the form says why, and no date
        is assumed in place of a wrong one) or when an agreement must be chosen first."""
        if self.is_bound:
            if not self.form.is_valid():
                return None
            data = self.form.cleaned_data
        else:
            if self._sole_agreement is None:
                return None
            data = {"agreement": self._sole_agreement}
        return board_from(data)


def board_from(data) -> Board:
    """The board of valid input (`cleaned_data`, `validated_data`), with the defaults; `q` keeps the rows
    that best match its words (the search box's matching, `ReleaseQuerySet.matching`)."""
    found = board(
        data["agreement"],
        as_of=as_of_from(data).on,
        milestone=data.get("milestone") or Milestone.GA,
        product_lines=data.get("product_lines"),
        flag=flag_from_choice(data.get("flag")),
        deadline_from=data.get("deadline_from"),
        deadline_to=data.get("deadline_to"),
    )
    if text := (data.get("q") or "").strip():
        matches = best_only(Release.objects.of_agreement(data["agreement"]).matching(text))
        found = replace(found, releases=found.releases.filter(pk__in=matches.values("pk")))
    return found


def board_form_class() -> type[forms.Form]:
    """The filters as a plain form, for the API (`core.api.forms.FormSerializer`)."""
    fields = {name: copy.deepcopy(filter_.field) for name, filter_ in ReleaseFilterSet.base_filters.items()}
    return type("ReleaseBoardQueryForm", (ReleaseFilterForm,), fields)
