"""Issue journey: an admin edits a discount; an auditor finds who, why, old → new, and the old value."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from bench.load.client import form_fields
from pricing.models import DiscountLine

pytestmark = pytest.mark.django_db


def edit_discount(client, line, percent, reason):
    url = reverse("admin:pricing_discountline_change", args=[line.pk])
    data = form_fields(client.get(url).content.decode())
    data.pop("csrfmiddlewaretoken", None)
    data.update(percent=percent, change_reason=reason)
    return client.post(url, data)


def test_auditor_finds_a_discount_edit_and_the_value_before_it(client_as, seed, admin_user):
    line = DiscountLine.objects.get(product_as_written="DDM PLUS")
    before_edit = timezone.now()
    response = edit_discount(client_as("admin"), line, "28", "Typing error: the filing says 28%?")
    assert response.status_code == 302

    auditor = client_as("auditor")
    log = auditor.get(reverse("ledger:audit_log"), {"model": "pricing.discountline"}).content.decode()
    assert "Typing error: the filing says 28%?" in log
    assert "27.00 → 28.00" in log or "27 → 28" in log
    assert admin_user.username in log

    recorded = auditor.get(
        reverse("ledger:agreement_recorded", args=[seed.pk]),
        {"recorded_at": before_edit.strftime("%Y-%m-%dT%H:%M:%S"), "on": "1999-01-01"},
    ).content.decode()
    assert "Discount: DDM PLUS" in recorded
    assert "27%, valid from 1998-06-30" in recorded and "28%, valid from 1998-06-30" in recorded


def test_what_amendment_three_changed_includes_discounts_and_releases(client_as, seed):
    from contracts.snapshot import agreement_snapshot
    from ledger.compare import changes_between

    on = date(1999, 11, 15)
    left = agreement_snapshot(seed, on=on, as_agreed=date(1999, 11, 14))
    right = agreement_snapshot(seed, on=on, as_agreed=on)
    diff = changes_between(seed, left, right)
    assert diff.customers and not diff.is_empty
    discounts = {c.subject: (c.before, c.after) for c in diff.discounts}
    assert discounts["5ESS Switch [INITIAL SWITCH DISCOUNT]"] == ("not in force", "83%, valid from 1999-10-01")
    assert discounts["WaveStar(TM) TDM 2.5G"][0] == "not in force"
    [releases] = diff.releases
    assert (releases.before, releases.after) == ("0 releases", "206 releases")
