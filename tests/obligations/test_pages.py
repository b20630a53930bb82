"""The obligations pages: roles, answers on a date, recording seat uses, exports, bad input, query counts."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contracts.models import LegalEntity
from obligations.models import SeatUse
from purchases.models import Purchase
from tests.obligations.helpers import PM4, PSAS, buy, use_seat

pytestmark = pytest.mark.django_db

TRAINING = reverse("obligations:training")
COMMITMENTS = reverse("obligations:commitments")
SPEND = reverse("obligations:spend")
USES = reverse("obligations:seatuse_list")


@pytest.mark.parametrize("role", ["admin", "buyer", "auditor"])
@pytest.mark.parametrize("url", [TRAINING, COMMITMENTS, SPEND, USES])
def test_every_role_reads_the_pages(seed, client_as, role, url):
    assert client_as(role).get(url).status_code == 200


@pytest.mark.parametrize("url", [TRAINING, COMMITMENTS, SPEND, USES])
def test_anonymous_users_are_sent_to_log_in(seed, client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_training_page_shows_seats_remaining_and_those_expiring(seed, client_as, admin_user):
    buy(seed, PSAS, "1250000.00", ordered=date(1999, 3, 1), shipped=date(1999, 3, 15))
    buy(seed, PM4, "1249999.99", ordered=date(1999, 3, 1), shipped=date(1999, 3, 15))
    use_seat(seed, admin_user, date(1999, 9, 1), attendee="Pat Engineer")
    page = client_as("buyer").get(TRAINING, {"on": "2000-02-01"}).content.decode()
    assert "<dt>Earned</dt><dd>2</dd>" in page
    assert "<dt>Used</dt><dd>1</dd>" in page
    assert "<dt>Remaining</dt><dd>1</dd>" in page
    assert "use by <strong>2000-03-15</strong>" in page  # within 60 days of 2000-02-01
    assert "Pat Engineer" in page
    assert "1,249,999.99" in page  # (b) counted, one cent short of its first seats
    assert "Record a seat used" not in page  # buyers see, never record


def test_the_seats_filter_by_status_and_export(seed, client_as):
    buy(seed, PSAS, "2500000.00", ordered=date(1999, 3, 1), shipped=date(1999, 3, 15))
    client = client_as("auditor")
    response = client.get(TRAINING, {"on": "2000-03-16", "status": "expired", "_export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 5  # header + 4 expired seats
    assert all("expired" in line for line in lines[1:])
    xlsx = client.get(TRAINING, {"on": "2000-03-16", "_export": "xlsx"})
    assert xlsx.status_code == 200
    assert "spreadsheetml" in xlsx["Content-Type"]


def test_a_contract_admin_records_a_seat_use_and_corrects_it_with_a_reason(seed, client_as, admin_user):
    client = client_as("admin")
    add = reverse("obligations:seatuse_add") + "?agreement=LNM970313MP"
    response = client.post(add, {"attendee": "Pat", "course": "PSAS basics", "used_on": "1999-09-01"})
    assert response.status_code == 302
    use = SeatUse.objects.get()
    assert use.recorded_by == admin_user
    assert use.history.get().history_user == admin_user
    edit = reverse("obligations:seatuse_edit", args=[use.pk])
    form = client.get(edit).context["form"]
    base = form.initial["base_version"]
    refused = client.post(
        edit, {"attendee": "Pat Smith", "course": "PSAS basics", "used_on": "1999-09-01", "base_version": base}
    )
    assert refused.status_code == 200 and "reason is required" in refused.content.decode()
    data = {"attendee": "Pat Smith", "course": "PSAS basics", "used_on": "1999-09-01", "base_version": base}
    client.post(edit, {**data, "change_reason": "Surname was missing"})
    use.refresh_from_db()
    assert use.attendee == "Pat Smith"
    assert use.history.first().history_change_reason == "Surname was missing"


@pytest.mark.parametrize("role", ["buyer", "auditor"])
def test_only_contract_admins_record_seat_uses(seed, client_as, admin_user, role):
    use = use_seat(seed, admin_user, date(1999, 9, 1))
    client = client_as(role)
    add = reverse("obligations:seatuse_add") + "?agreement=LNM970313MP"
    assert client.post(add, {"attendee": "X", "course": "Y", "used_on": "1999-09-01"}).status_code == 403
    assert client.get(reverse("obligations:seatuse_edit", args=[use.pk])).status_code == 403
    assert SeatUse.objects.count() == 1


def test_recording_for_an_agreement_without_an_incentive_is_a_404(seed, client_as):
    assert client_as("admin").get(reverse("obligations:seatuse_add"), {"agreement": "NO-SUCH"}).status_code == 404


def test_a_bad_seat_use_is_a_field_error(seed, client_as):
    response = client_as("admin").post(
        reverse("obligations:seatuse_add"),
        {"attendee": "", "course": "Y", "used_on": "1999-13-40"},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"attendee", "used_on"}
    assert not SeatUse.objects.exists()


def test_the_register_lists_every_commitment_with_its_status_on_the_date(seed, client_as):
    buy(seed, PSAS, "1000.00", ordered=date(1999, 3, 1))  # by KMC III: toward Amendment 2's commitment
    buy(seed, PSAS, "500.00", ordered=date(1999, 3, 2), buyer="kmc-telecom-inc")  # not an Amendment 2 obligor
    buy(seed, PSAS, "250.00", ordered=date(1999, 3, 3), supplier="Other vendor")
    buy(seed, PSAS, "700.00", ordered=date(1999, 12, 1), shipped=None, buyer="kmc-telecom-inc")  # after Amendment 3
    response = client_as("buyer").get(COMMITMENTS, {"on": "2000-01-01"})
    rows = {row.commitment.key: row for row in response.context["table"].data}
    assert len(rows) == 10
    procurement = rows["am2-exclusive-procurement"]
    assert procurement.status == "in force"
    assert procurement.spend == Decimal("1000.00")
    assert "1 bought from other suppliers" in procurement.evidence
    assert "cities served: not recorded (unknown)" in procurement.evidence
    # Every Customer entity, from Amendment 3's effective date (1999-11-15).
    assert rows["am3-exclusive-procurement"].spend == Decimal("700.00")
    assert rows["notice-periods"].status == "unknown"
    assert rows["am2-term-expiry"].due == date(2003, 3, 5)
    assert rows["am3-slip-remedies"].evidence_url.startswith(reverse("releases:release_list"))
    assert (
        rows["am3-minimum-savings"].evidence_url
        == seed.amendments.get(number=3).price_comparisons.get().get_absolute_url()
    )
    page = response.content.decode()
    assert "27 Tier III cities; 100 Tier IV cities" in page
    assert f'href="/contracts/{seed.pk}/#provision-' in page


def test_the_register_before_an_amendment_and_after_the_term(seed, client_as):
    client = client_as("auditor")
    before = {r.commitment.key: r.status for r in client.get(COMMITMENTS, {"on": "1999-01-01"}).context["table"].data}
    assert before["am3-exclusive-procurement"] == "not yet agreed"
    assert before["am2-exclusive-procurement"] == "in force"
    after = {r.commitment.key: r.status for r in client.get(COMMITMENTS, {"on": "2003-03-06"}).context["table"].data}
    assert after["am2-exclusive-procurement"] == "ended"
    assert after["am2-term-expiry"] == "ended"


def test_the_register_filters_by_party_and_kind(seed, client_as):
    data = client_as("buyer").get(COMMITMENTS, {"on": "2000-01-01", "obligor": "seller"}).context["table"].data
    assert {r.commitment.obligor for r in data} == {"seller"}
    data = client_as("buyer").get(COMMITMENTS, {"on": "2000-01-01", "kind": "notice"}).context["table"].data
    assert [r.commitment.key for r in data] == ["notice-periods"]


def test_the_spend_chart_is_svg_with_a_text_alternative(seed, client_as):
    buy(seed, PSAS, "1000.00", ordered=date(1999, 3, 1))
    buy(seed, PM4, "2000.00", ordered=date(1999, 8, 1), shipped=None)
    buy(seed, "Something unheard of", "5.00", ordered=date(1999, 8, 2), shipped=None)
    buy(seed, PSAS, None, ordered=date(1999, 8, 3), shipped=None)
    response = client_as("buyer").get(SPEND, {"on": "2000-01-01"})
    page = response.content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page
    assert 'aria-labelledby="spend-title spend-desc"' in page
    assert '<title id="spend-title">' in page and '<desc id="spend-desc">' in page
    assert "<script" not in page.split("<svg", 1)[1].split("</svg>", 1)[0]
    rows = [(c.quarter_label, c.group, c.amount, c.unknown) for c in response.context["table"].data]
    assert rows == [
        ("1999 Q1", "A-1.22 PRICING PLAN FOR DATA NETWORKING PRODUCTS", Decimal("1000.00"), 0),
        ("1999 Q3", "A-1.22 PRICING PLAN FOR DATA NETWORKING PRODUCTS", Decimal("2000.00"), 1),
        ("1999 Q3", "Not on a schedule", Decimal("5.00"), 0),
    ]
    assert "1999 Q2" in page  # a quarter without purchases is drawn as such
    csv = client_as("buyer").get(SPEND, {"on": "2000-01-01", "_export": "csv"}).content.decode("utf-8-sig")
    assert "1999 Q3" in csv


@pytest.mark.parametrize(
    ("url", "params", "field"),
    [
        (TRAINING, {"on": "2000-02-30"}, "on"),
        (COMMITMENTS, {"agreement": "NO-SUCH-AGREEMENT"}, "agreement"),
        (SPEND, {"spend_from": "2001-01-01", "on": "2000-01-01"}, "spend_from"),
        (TRAINING, {"status": "lost"}, "status"),
        (USES, {"used_from": "2000-01-02", "used_to": "2000-01-01"}, "used_to"),
    ],
)
def test_bad_input_is_a_field_error_never_a_500(seed, client_as, url, params, field):
    response = client_as("buyer").get(url, params)
    assert response.status_code == 200
    assert field in response.context["filter"].form.errors


def _purchases(agreement, count):
    buyer = LegalEntity.objects.get(slug="kmc-telecom-iii")
    Purchase.objects.bulk_create(
        Purchase(
            agreement=agreement,
            buyer=buyer,
            product_as_entered=PSAS if i % 2 else PM4,
            order_date=date(1999, 1 + i % 12, 1),
            ship_date=date(1999, 1 + i % 12, 2),
            list_price=Decimal("100.00"),
            amount_paid=Decimal("30000.00"),
        )
        for i in range(count)
    )


@pytest.mark.parametrize("url", [TRAINING, COMMITMENTS, SPEND])
def test_query_count_does_not_grow_with_purchases(seed, client_as, admin_user, url):
    client = client_as("admin")
    params = {"on": "2000-01-01"}
    _purchases(seed, 5)
    use_seat(seed, admin_user, date(1999, 6, 1))
    client.get(url, params)  # warm caches (content types, permissions)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url, params).status_code == 200
    _purchases(seed, 495)
    for day in range(2, 30):
        use_seat(seed, admin_user, date(1999, 6, day))
    with CaptureQueriesContext(connection) as many:
        assert client.get(url, params).status_code == 200
    assert len(many) == len(few)


def test_seat_use_list_query_count_does_not_grow(seed, client_as, admin_user):
    client = client_as("admin")
    use_seat(seed, admin_user, date(1999, 6, 1))
    client.get(USES)
    with CaptureQueriesContext(connection) as few:
        client.get(USES)
    for day in range(2, 29):
        use_seat(seed, admin_user, date(1999, 6, day))
    with CaptureQueriesContext(connection) as many:
        page = client.get(USES)
    assert page.content.decode().count("/edit/") == 28
    assert len(many) == len(few)


def test_hostile_filter_input_is_never_a_500(seed, client_as):
    from tests.core.test_bad_input import PROBES

    client = client_as("buyer")
    filters = {
        TRAINING: ("agreement", "on", "status"),
        COMMITMENTS: ("agreement", "on", "obligor", "kind"),
        SPEND: ("agreement", "on", "spend_from"),
        USES: ("agreement", "attendee", "course", "used_from", "used_to"),
    }
    failures = [
        (url, field, probe[:10], status)
        for url, fields in filters.items()
        for field in fields
        for probe in PROBES
        if (status := client.get(url, {field: probe}).status_code) not in (200, 400)
    ]
    assert failures == []
