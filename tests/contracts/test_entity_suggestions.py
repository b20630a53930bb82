"""Entity boxes narrowed by an agreement and a date (`contracts.autocomplete`, "forward"): the
agreement's Customers on that date are suggested, and a name typed means that Customer first."""

from datetime import date

import django_filters
import pytest
from django import forms
from django.urls import reverse

from contracts.models import CustomerMembership, LegalEntity
from contracts.snapshot import customer_memberships_on
from core.autocomplete import AutocompleteField, AutocompleteFilter
from core.pointintime.dates import AsOf
from tests.factories import AgreementFactory, CustomerMembershipFactory, LegalEntityFactory

pytestmark = pytest.mark.django_db

SEED = "LNM970313MP"
SUGGEST = reverse("autocomplete", args=["entity"])
BEFORE_FOUR, AFTER_FOUR = "2000-02-14", "2000-02-15"  # Amendment 4 added KMC III Services


class BuyerForm(forms.Form):
    """As a purchase or quote form would declare it; the date comes after the entity on purpose."""

    agreement = AutocompleteField("agreement", required=False)
    entity = AutocompleteField("entity", forward=("agreement", "on"))
    on = forms.DateField(required=False)


def _slugs(client, **params) -> list[str]:
    response = client.get(SUGGEST, params)
    assert response.status_code == 200
    return [row["value"] for row in response.json()["results"]]


def test_suggestions_are_the_customers_on_the_date(client_as, seed):
    client = client_as("buyer")
    before, after = (
        _slugs(client, q="", agreement=SEED, on=BEFORE_FOUR),
        _slugs(client, q="", agreement=SEED, on=AFTER_FOUR),
    )
    assert "kmc-iii-services" not in before and "kmc-iii-services" in after
    expected = {m.entity.slug for m in customer_memberships_on(seed, AsOf(on=date(2000, 2, 15)))}
    assert set(after) == expected
    assert set(_slugs(client, q="KMC", agreement=SEED, on=AFTER_FOUR)) <= expected
    # The agreement alone: everyone ever added as a Customer, whatever the date.
    assert "kmc-iii-services" in _slugs(client, q="services", agreement=SEED)


def test_suggestions_leave_out_entities_of_other_agreements(client_as, seed):
    stranger = CustomerMembershipFactory(entity__name="KMC Stranger Telecom").entity
    client = client_as("buyer")
    assert stranger.slug in _slugs(client, q="KMC Stranger")
    assert stranger.slug not in _slugs(client, q="KMC Stranger", agreement=SEED, on=AFTER_FOUR)
    assert stranger.slug in _slugs(
        client, q="KMC Stranger", agreement=stranger.memberships.get().agreement.contract_number
    )


@pytest.mark.parametrize(("agreement", "on"), [("NO-SUCH", AFTER_FOUR), (SEED, "2000-02-31"), ("", "yesterday")])
def test_bad_narrowing_values_are_ignored(client_as, seed, agreement, on):
    stranger = CustomerMembershipFactory(entity__name="KMC Stranger Telecom").entity
    slugs = _slugs(client_as("buyer"), q="KMC Stranger", agreement=agreement, on=on)
    narrowed_to_seed = agreement == SEED
    assert (stranger.slug in slugs) is not narrowed_to_seed


def test_a_shared_name_means_the_agreements_customer(seed):
    agreement = AgreementFactory(contract_number="TWIN-1")
    customer = CustomerMembershipFactory(
        added_by__agreement=agreement, entity=LegalEntityFactory(name="Twin Telecom", slug="twin-a")
    ).entity
    LegalEntityFactory(name="Twin Telecom", slug="twin-b")
    on = customer.memberships.get().valid_from.isoformat()
    form = BuyerForm({"agreement": "TWIN-1", "entity": "twin telecom", "on": on})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["entity"] == customer
    # Not narrowed, the name is ambiguous; a key names one entity whatever the narrowing.
    assert "entity" in BuyerForm({"entity": "Twin Telecom"}).errors
    form = BuyerForm({"agreement": "TWIN-1", "entity": "twin-b", "on": on})
    assert form.is_valid() and form.cleaned_data["entity"].slug == "twin-b"


def test_a_name_outside_the_narrowing_still_names_its_entity(seed):
    """Narrowing chooses among namesakes; it refuses nothing (the form's own rules say whether a
    non-Customer may be chosen, as a purchase flags it)."""
    outsider = LegalEntityFactory(name="Lone Outsider Corp", slug="lone-outsider")
    form = BuyerForm({"agreement": SEED, "entity": "Lone Outsider Corp", "on": AFTER_FOUR})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["entity"] == outsider


def test_a_bad_agreement_or_date_is_its_own_field_error(seed):
    form = BuyerForm({"agreement": "NO-SUCH", "entity": "KMC Telecom III, Inc.", "on": "2000-02-31"})
    assert not form.is_valid()
    assert set(form.errors) == {"agreement", "on"}
    assert form.cleaned_data["entity"] == LegalEntity.objects.get(slug="kmc-telecom-iii")


def test_the_box_names_the_fields_that_narrow_it_with_the_forms_prefix():
    html = str(BuyerForm(prefix="line-0")["entity"])
    forward = '{"agreement": "line-0-agreement", "on": "line-0-on"}'.replace('"', "&quot;")
    assert f'data-autocomplete-forward="{forward}"' in html


def test_a_field_cannot_forward_what_its_source_does_not_read():
    with pytest.raises(ValueError, match="not narrowed by colour"):
        AutocompleteField("entity", forward=("colour",))


def test_a_filter_forwards_like_a_field(seed):
    """django-filter passes `forward` on to the field (as the purchase and price-check filters would)."""

    class BuyerFilterSet(django_filters.FilterSet):
        agreement = AutocompleteFilter(source="agreement", field_name="agreement")
        buyer = AutocompleteFilter(source="entity", field_name="entity", forward=("agreement",))

        class Meta:
            model = CustomerMembership
            fields: list[str] = []

    LegalEntityFactory(name="KMC Telecom III, Inc.", slug="kmc-namesake")  # now the name alone is ambiguous
    narrowed = BuyerFilterSet({"agreement": SEED, "buyer": "KMC Telecom III, Inc."})
    assert narrowed.form.is_valid(), narrowed.form.errors
    assert narrowed.form.cleaned_data["buyer"].slug == "kmc-telecom-iii"
    assert "buyer" in BuyerFilterSet({"buyer": "KMC Telecom III, Inc."}).form.errors
    assert "data-autocomplete-forward" in str(narrowed.form["buyer"])
