"""DECISIONS.md "Footnote scope": Amendment 2's A-1.15 footnotes are not applied to the Access Products
that Amendment 3 added to that table, and every place a user meets those products says so."""

from datetime import date
from decimal import Decimal

import pytest

from pricing.models import Product
from pricing.results import LineRequest

pytestmark = pytest.mark.django_db

ACCESS_PRODUCT = "CopperCom Gateway(TM)"


def test_every_quote_line_for_an_added_product_carries_the_open_question(quote):
    result = quote([LineRequest(product=ACCESS_PRODUCT, list_price=Decimal("100"))], on=date(2000, 3, 1))
    [line] = result.lines
    notes = [w for w in line.warnings if w.startswith("Not applied:")]
    # Both footnotes of the table: "hardware only unless otherwise specified" and "cables 20%".
    assert len(notes) == 2
    assert all("Amendment 2" in note and "Amendment 3" in note and "A-1.15" in note for note in notes)


def test_a_product_of_the_original_table_gets_no_such_note(quote):
    [line] = quote([LineRequest(product="DDM PLUS", list_price=Decimal("100"))]).lines
    assert not any(w.startswith("Not applied:") for w in line.warnings)


def test_the_product_page_says_it(seed, client_as):
    product = Product.objects.get(name=ACCESS_PRODUCT)
    page = client_as("buyer").get(product.get_absolute_url()).content.decode()
    assert "Not applied:" in page and "do not say whether the footnote covers products added later" in page
