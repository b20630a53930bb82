"""The release board's text filters match as the search box does (`ReleaseQuerySet.matching`)."""

import pytest
from django.urls import reverse

BOARD = reverse("releases:release_list")
API = "/api/v1/releases/"


def names(client, **params):
    response = client.get(BOARD, {"agreement": "LNM970313MP", "on": "2000-01-01", **params})
    assert response.status_code == 200
    board = response.context["board"]
    assert board is not None, response.context["filter"].form.errors
    return [release.name_as_written for release in board.releases]


def test_a_release_is_found_by_its_name_in_any_spelling(seed, client_as):
    client = client_as("buyer")
    found = names(client, q="R5.0")
    assert found and set(found) == {"R. 5.0"}
    assert names(client, q="r 5.0") == found
    assert names(client, q="UPSR termination ring") == ["R. 3.0 w/UPSR Ring Termination"]


def test_order_codes_however_spaced(seed, client_as):
    client = client_as("auditor")
    found = names(client, q="oc12")
    assert found
    assert names(client, q="OC-12") == found == names(client, q="OC 12")


def test_an_extra_word_is_ignored(seed, client_as):
    client = client_as("buyer")
    assert names(client, q="UPSR ring termination zzqq") == names(client, q="UPSR ring termination")


def test_no_text_keeps_every_row(seed, client_as):
    client = client_as("buyer")
    assert len(names(client, q="")) == len(names(client)) > 100


def test_product_line_by_words_when_not_its_exact_name(seed, client_as):
    client = client_as("buyer")
    every = names(client)
    exact = names(client, product_line="PathStar Access Server")
    assert exact and len(exact) < len(every)
    assert names(client, product_line="access server pathstar") == exact


def test_the_api_takes_the_same_text(seed, api_client_as):
    client = api_client_as("buyer")
    response = client.get(API, {"agreement": "LNM970313MP", "on": "2000-01-01", "q": "R5.0"})
    assert response.status_code == 200
    body = response.json()
    rows = body["results"] if isinstance(body, dict) else body
    assert rows and {row["name_as_written"] for row in rows} == {"R. 5.0"}


@pytest.mark.parametrize("text", ['"', "NEAR(r5 x)", "r5*", "(", "🙂", "%", "x" * 201])
def test_bad_text_is_never_an_error(seed, client_as, text):
    response = client_as("buyer").get(BOARD, {"agreement": "LNM970313MP", "q": text})
    assert response.status_code == 200
