"""Filters of the contract lists, shared by the pages and the API: every one served by an index."""

import django_filters
from drf_spectacular.utils import extend_schema_field

from contracts.models import Agreement, Amendment, LegalEntity
from core.api.fields import KEY_OR_ID_SCHEMA
from core.autocomplete import AutocompleteFilter


class AgreementFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Agreement", method="filter_text", help_text="Contract number (its beginning) or a word of the title."
    )
    seller = AutocompleteFilter(source="entity", field_name="seller", label="Seller")

    class Meta:
        model = Agreement
        fields = ["q", "seller"]

    def filter_text(self, queryset, name, value):
        return queryset.search(value)


class LegalEntityFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Name", method="filter_names", help_text="Any part of any name: current, former, defined term, variant."
    )
    agreement = AutocompleteFilter(
        source="agreement", method="filter_agreement", label="Customer under", help_text="Contract number."
    )
    parent = AutocompleteFilter(source="entity", field_name="parent", label="Parent")

    class Meta:
        model = LegalEntity
        fields = ["q", "agreement", "parent"]

    def filter_names(self, queryset, name, value):
        return queryset.search(value)

    @extend_schema_field(KEY_OR_ID_SCHEMA)
    def filter_agreement(self, queryset, name, value):
        return queryset.customers_of(value)


class AmendmentFilterSet(django_filters.FilterSet):
    agreement = AutocompleteFilter(source="agreement", field_name="agreement", label="Agreement")

    class Meta:
        model = Amendment
        fields = ["agreement", "number"]
