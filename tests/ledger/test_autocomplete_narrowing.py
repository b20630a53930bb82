"""The audit log's amendment box is narrowed by its agreement box ("forward", `core.autocomplete`):
the suggestions and the typed name both mean that agreement's amendment."""

import json
import re

import pytest
from django.urls import reverse

from contracts.models import Amendment
from tests.factories import AgreementFactory, AmendmentFactory

pytestmark = pytest.mark.django_db

SEED = "LNM970313MP"
SUGGEST = reverse("autocomplete", args=["amendment"])


@pytest.fixture
def other_three(seed):
    """Another agreement with an Amendment 3: a number alone no longer names one amendment."""
    return AmendmentFactory(agreement=AgreementFactory(contract_number="OTHER-1"), number=3)


def _values(response) -> list[str]:
    assert response.status_code == 200
    return [row["value"] for row in response.json()["results"]]


def test_suggestions_are_the_chosen_agreements_amendment(client_as, other_three):
    client = client_as("auditor")
    assert _values(client.get(SUGGEST, {"q": "3", "agreement": SEED})) == [f"{SEED}/3"]
    assert _values(client.get(SUGGEST, {"q": "Amendment 3", "agreement": "OTHER-1"})) == ["OTHER-1/3"]
    assert _values(client.get(SUGGEST, {"q": "", "agreement": SEED})) == [f"{SEED}/{n}" for n in (1, 2, 3, 4)]
    # Not narrowed: every agreement's Amendment 3.
    assert set(_values(client.get(SUGGEST, {"q": "3"}))) == {f"{SEED}/3", "OTHER-1/3"}


@pytest.mark.parametrize("agreement", ["NO-SUCH", "\x00", "x" * 500, "99999999999999999999999"])
def test_a_bad_agreement_narrows_nothing(client_as, other_three, agreement):
    assert set(_values(client_as("auditor").get(SUGGEST, {"q": "3", "agreement": agreement}))) == {
        f"{SEED}/3",
        "OTHER-1/3",
    }


def test_suggestions_keep_their_permission(client_as, seed):
    entity_url = reverse("autocomplete", args=["user"])
    assert client_as("buyer").get(entity_url, {"q": "a", "agreement": SEED}).status_code == 403


@pytest.mark.parametrize("typed", ["Amendment 3", "amendment no. 3", "No. 3", " AMENDMENT 3 "])
def test_the_typed_number_is_the_chosen_agreements_amendment(client_as, other_three, typed):
    three = Amendment.objects.get(agreement__contract_number=SEED, number=3)
    response = client_as("auditor").get(reverse("ledger:audit_log"), {"agreement": SEED, "amendment": typed})
    form = response.context["form"]
    assert form.is_valid(), form.errors
    assert form.cleaned_data["amendment"] == three
    assert response.context["page"].entries
    api = client_as("auditor").get("/api/v1/audit-log/", {"agreement": "OTHER-1", "amendment": typed})
    assert api.status_code == 200, api.content


def test_a_key_names_its_amendment_whatever_the_agreement(client_as, other_three):
    response = client_as("auditor").get(reverse("ledger:audit_log"), {"agreement": SEED, "amendment": "OTHER-1/3"})
    assert "is not an amendment of LNM970313MP" in response.context["form"].errors["amendment"][0]


def test_a_number_alone_is_the_amendment_when_its_id_agrees_or_names_none(client_as, other_three):
    """The seed's Amendment 3 has the id 3: "3" with the seed chosen names it either way."""
    three = Amendment.objects.get(agreement__contract_number=SEED, number=3)
    assert three.pk == 3
    response = client_as("auditor").get(reverse("ledger:audit_log"), {"agreement": SEED, "amendment": "3"})
    assert response.context["form"].cleaned_data["amendment"] == three
    other = AmendmentFactory(agreement=other_three.agreement, number=31000)
    response = client_as("auditor").get(reverse("ledger:audit_log"), {"agreement": "OTHER-1", "amendment": "31000"})
    assert response.context["form"].cleaned_data["amendment"] == other


def test_a_number_that_is_also_an_id_is_refused_as_ambiguous(client_as, seed):
    agreement = AgreementFactory(contract_number="AMBIGUOUS-1")
    first = AmendmentFactory(pk=9001, agreement=agreement, number=1)
    AmendmentFactory(pk=9002, agreement=agreement, number=9001)
    client = client_as("auditor")
    response = client.get(reverse("ledger:audit_log"), {"agreement": "AMBIGUOUS-1", "amendment": "9001"})
    [error] = response.context["form"].errors["amendment"]
    assert "AMBIGUOUS-1/1" in error and "AMBIGUOUS-1/9001" in error
    # Without the agreement it is the id, as ever; "Amendment 9001" is the number.
    assert (
        client.get(reverse("ledger:audit_log"), {"amendment": "9001"}).context["form"].cleaned_data["amendment"]
        == first
    )
    named = client.get(reverse("ledger:audit_log"), {"agreement": "AMBIGUOUS-1", "amendment": "Amendment 9001"})
    assert named.context["form"].cleaned_data["amendment"].number == 9001


@pytest.mark.parametrize("agreement", ["NO-SUCH", "\x00"])
def test_a_bad_agreement_is_its_own_field_error(client_as, api_client_as, other_three, agreement):
    response = client_as("auditor").get(
        reverse("ledger:audit_log"), {"agreement": agreement, "amendment": "Amendment 3"}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["agreement"] and errors["amendment"]
    api = api_client_as("auditor").get("/api/v1/audit-log/", {"agreement": agreement, "amendment": "Amendment 3"})
    assert api.status_code == 400 and "agreement" in api.json()


def test_the_amendment_box_names_the_agreement_box(client_as, seed):
    html = client_as("auditor").get(reverse("ledger:audit_log")).content.decode()
    [box] = re.findall(r'<input[^>]*name="amendment"[^>]*>', html)
    [forward] = re.findall(r'data-autocomplete-forward="([^"]*)"', box)
    assert json.loads(forward.replace("&quot;", '"')) == {"agreement": "agreement"}
