"""The discount lookup's product box matches as the search box does (`ProductQuerySet.named`, `LineQuery`)."""

import pytest
from django.urls import reverse

from pricing.choices import Condition
from pricing.models import DiscountLine, Product
from pricing.querysets import LineQuery

LIST_URL = reverse("pricing:discount_list")


def lines(client, **params):
    response = client.get(LIST_URL, params)
    assert response.status_code == 200
    return sorted(line.pk for line in response.context["table"].data.data)


@pytest.mark.parametrize("spelling", ["oc12", "OC-12", "OC 12", "oc-12"])
def test_order_codes_match_however_spaced(seed, client_as, spelling):
    client = client_as("buyer")
    found = lines(client, q=spelling)
    assert found
    assert set(lines(client, q="DDM-2000 OC-12")) <= set(found)
    assert found == lines(client, q="OC-12")
    products = {line.product.name for line in DiscountLine.objects.filter(pk__in=found)}
    assert "DDM-2000 OC-12" in products


def test_5ess_large_growth_keeps_the_5ess_large_growth_lines(seed, client_as):
    found = lines(client_as("buyer"), q="5ESS large growth")
    expected = DiscountLine.objects.filter(
        product__normalized_name__startswith="5ess", condition=Condition.LARGE_GROWTH
    )
    assert found == sorted(expected.values_list("pk", flat=True))
    assert found
    assert lines(client_as("buyer"), q="growth large 5ess") == found


def test_within_an_agreement_the_same_lines(seed, client_as):
    client = client_as("buyer")
    assert lines(client, q="5ESS large growth", agreement="LNM970313MP") == lines(client, q="5ESS large growth")


def test_an_extra_word_that_matches_nothing_is_ignored(seed, client_as):
    client = client_as("buyer")
    assert lines(client, q="DDM-2000 OC-12 zzqq") == lines(client, q="DDM-2000 OC-12")


def test_named_keeps_only_the_best_matching_products(seed):
    both = set(Product.objects.named("DDM-2000 OC-12").values_list("name", flat=True))
    assert both == {"DDM-2000 OC-12"}
    assert set(Product.objects.named("oc 12").values_list("name", flat=True)) >= both


@pytest.mark.parametrize(
    ("text", "conditions", "rest"),
    [
        ("5ESS large growth", (Condition.LARGE_GROWTH,), "5ess"),
        ("Growth, LARGE: 5ess", (Condition.LARGE_GROWTH,), "5ess"),
        ("peripheral growth", (Condition.PERIPHERAL_GROWTH,), ""),
        ("5ESS initial switch", (Condition.INITIAL_SWITCH,), "5ess"),
        ("full configuration ED8C902-30", (Condition.FULL_CONFIGURATION,), "ed8c902 30"),
        ("5ESS growth", (), "5ess growth"),
    ],
)
def test_a_condition_is_read_from_its_words(text, conditions, rest):
    query = LineQuery.read(text)
    assert query.conditions == conditions
    assert query.product_text == rest


@pytest.mark.parametrize("text", ['"', "NEAR(5ess growth)", "5ess*", "(", "a AND", "🙂", "%", "_"])
def test_search_syntax_is_never_an_error(seed, client_as, text):
    assert client_as("buyer").get(LIST_URL, {"q": text}).status_code == 200
