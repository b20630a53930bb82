"""Every filtered list (core.views.FilteredTableView) pages its rows: `per_page` is capped."""

import pytest
from django.urls import reverse

from core.views import MAX_PER_PAGE
from tests.factories import LegalEntityFactory

pytestmark = pytest.mark.django_db


def test_per_page_is_capped(client_as):
    LegalEntityFactory.create_batch(MAX_PER_PAGE + 5)
    page = client_as("buyer").get(reverse("contracts:legalentity_list"), {"per_page": "1000000"})
    assert page.status_code == 200
    assert len(page.context["table"].page.object_list) == MAX_PER_PAGE
