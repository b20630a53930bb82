"""The release board's product line box is narrowed by its agreement box (`core.autocomplete`)."""

import re

import pytest
from django.urls import reverse

from tests.releases.test_board_scale import add_agreement

pytestmark = pytest.mark.django_db

SUGGEST = reverse("autocomplete", args=["productline"])


def _labels(client, **params) -> list[str]:
    response = client.get(SUGGEST, params)
    assert response.status_code == 200
    return [row["label"] for row in response.json()["results"]]


def test_suggestions_are_the_chosen_agreements_product_lines(client_as, db):
    first, second = add_agreement(lines=3, per_line=1), add_agreement(lines=3, per_line=1)
    client = client_as("buyer")
    everywhere = _labels(client, q="line 2")
    assert len(everywhere) == 2
    [only] = _labels(client, q="line 2", agreement=second.contract_number)
    assert second.contract_number in only
    assert len(_labels(client, q="", agreement=first.contract_number)) == 3
    assert _labels(client, q="line 2", agreement="NO-SUCH") == everywhere  # a bad agreement narrows nothing


def test_the_board_names_the_agreement_box(client_as, db):
    agreement = add_agreement(lines=1, per_line=1)
    html = client_as("buyer").get(reverse("releases:release_list"), {"agreement": agreement.contract_number})
    [box] = re.findall(r'<input[^>]*name="product_line"[^>]*>', html.content.decode())
    assert 'data-autocomplete-forward="{&quot;agreement&quot;: &quot;agreement&quot;}"' in box
