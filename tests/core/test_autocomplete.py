"""The shared autocomplete: a text box that names one record, and the suggestions behind it."""

import pytest
from django import forms
from django.urls import reverse

from contracts.models import LegalEntity
from core.autocomplete import AutocompleteField

pytestmark = pytest.mark.django_db


class EntityForm(forms.Form):
    entity = AutocompleteField("entity", label="Entity")


def test_suggestions_match_any_part_of_the_name_and_are_capped(seed, client_as):
    response = client_as("buyer").get(reverse("autocomplete", args=["entity"]), {"q": "virginia"})
    assert response.status_code == 200
    results = response.json()["results"]
    assert results and len(results) <= 20
    assert all("virginia" in item["label"].lower() for item in results)
    assert {"value", "label"} <= set(results[0])


def test_suggestions_need_login_and_a_known_source(seed, client, client_as):
    assert client.get(reverse("autocomplete", args=["entity"]), {"q": "kmc"}).status_code in (302, 403)
    assert client_as("buyer").get(reverse("autocomplete", args=["nothing"])).status_code == 404


def test_field_accepts_key_id_or_exact_name_and_renders_no_options(seed):
    entity = LegalEntity.objects.order_by("pk").first()
    for typed in (entity.slug, str(entity.pk), entity.name.upper()):
        form = EntityForm({"entity": typed})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["entity"] == entity
    html = str(EntityForm(initial={"entity": entity.pk})["entity"])
    assert "<option" not in html.split("<datalist")[0]
    assert f'value="{entity.slug}"' in html
    assert "data-autocomplete" in html


def test_field_names_the_problem_for_an_unknown_record(seed):
    form = EntityForm({"entity": "No Such Telecom"})
    assert not form.is_valid()
    assert "No Such Telecom" in form.errors["entity"][0]
