"""Purchases of many agreements: a page checks them in the same queries, and the home list stays bounded."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contracts.models import Agreement
from ledger.portfolio import generate_portfolio
from pricing.catalog import load_catalog, load_catalogs
from purchases.checks import check_purchases
from purchases.models import Purchase
from purchases.pricecheck_attention import attention_lists

pytestmark = pytest.mark.django_db


def _keys(catalog):
    """The rows of a catalog (their order is the models' ordering, whose ties neither read decides)."""
    return (
        sorted(p.pk for p in catalog.products),
        sorted(n.pk for n in catalog.names),
        sorted(t.pk for t in catalog.tables),
        sorted(line.pk for line in catalog.lines),
        sorted(w.pk for w in catalog.warranties),
        sorted(catalog.memberships),
        sorted(t.pk for t in catalog.term_versions),
    )


def test_catalogs_read_together_are_each_agreements_catalog(seed):
    generate_portfolio(agreements=2, seed=31)
    agreements = Agreement.objects.in_bulk()
    together = load_catalogs(agreements)
    for pk, agreement in agreements.items():
        assert _keys(together[pk]) == _keys(load_catalog(agreement))


def _answers(checks):
    return [(c.purchase.pk, c.flag_codes, c.now.percent, c.then.percent, c.variance_now.amount) for c in checks]


def test_purchases_of_many_agreements_are_checked_alike_in_the_same_queries(seed):
    generate_portfolio(agreements=4, seed=32)
    generated = list(Agreement.objects.exclude(pk=seed.pk).order_by("pk"))

    def page(agreements):
        return [p for agreement in agreements for p in Purchase.objects.filter(agreement=agreement).order_by("pk")[:15]]

    two, four = page(generated[:2]), page(generated)
    with CaptureQueriesContext(connection) as few:
        checked = check_purchases(two)
    with CaptureQueriesContext(connection) as many:
        check_purchases(four)
    assert len(many) == len(few)
    alone = []
    for agreement in generated[:2]:
        alone += check_purchases([p for p in two if p.agreement_id == agreement.pk])
    assert sorted(_answers(checked)) == sorted(_answers(alone)), "the same answers as each agreement checked alone"


def test_home_credits_list_each_agreements_count_when_several_have_them(seed, users):
    """Over several agreements nothing is counted over the portfolio: the first agreements, with their counts."""
    generate_portfolio(agreements=3, seed=33)
    on = date(2026, 11, 26)
    (credits,) = attention_lists(users["auditor"], on=on, limit=8)
    assert not credits.counted and "Counted per agreement" in credits.note
    per_agreement = {int(item.key.split(":")[1]): int(item.key.split(":")[2]) for item in credits.items}
    assert len(per_agreement) >= 2 and list(per_agreement) == sorted(per_agreement), "agreements on record first"
    assert all(item.url.startswith("/purchases/credits/?agreement=") for item in credits.items)
    for pk, count in per_agreement.items():
        agreement = Agreement.objects.get(pk=pk)
        (scoped,) = attention_lists(users["auditor"], on=on, limit=8, agreement=agreement)
        assert scoped.counted and scoped.total == count
        assert all(item.key.startswith("credit-due:") for item in scoped.items), "one item per purchase, checked"
        assert scoped.more_url.endswith(f"?agreement={agreement.contract_number}")
    (first,) = attention_lists(users["auditor"], on=on, limit=1)
    assert len(first.items) == 1 and first.items[0].key.startswith(f"credits-due:{min(per_agreement)}:")
