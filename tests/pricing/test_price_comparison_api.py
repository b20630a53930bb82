"""Exhibit C over the API: the same recomputation and findings as the page; review notes only for reviewers."""

import pytest

from core.findings import mark_reviewed
from pricing.models import PriceComparison

pytestmark = pytest.mark.django_db

LIST = "/api/v1/price-comparisons/"


@pytest.fixture
def exhibit_c(seed):
    return PriceComparison.objects.get(amendment__agreement=seed, exhibit="C")


def test_the_list_names_each_exhibit_with_its_agreement_and_amendment(exhibit_c, client_as):
    body = client_as("buyer").get(LIST).json()
    assert body["count"] == 1
    assert body["results"][0] == {
        "id": exhibit_c.pk,
        "agreement": "LNM970313MP",
        "amendment": 3,
        "exhibit": "C",
        "title": exhibit_c.title,
        "note": exhibit_c.note,
    }


def test_the_detail_recomputes_every_figure_and_gives_the_findings_with_their_numbers(exhibit_c, client_as):
    body = client_as("auditor").get(f"{LIST}{exhibit_c.pk}/").json()
    rows = {row["key"]: row for row in body["rows"]}
    grand_total = next(row for row in body["rows"] if row["kind"] == "total")
    assert grand_total["covers"] and grand_total["old_computed"] is not None
    assert len(rows) == exhibit_c.rows.count()
    findings = {f["code"]: f for f in body["findings"]}
    shipping = findings["exhibit-c/shipping-5/basis"]
    assert shipping["kind"] == "basis" and shipping["numbers"]["new base"] == "4250178.00"
    commitments = {c["scope"]: c for c in body["commitments"]}
    assert commitments["Grand Total"]["savings_percent"] == "14.74" and commitments["Grand Total"]["met"] is False
    assert commitments["Switching Machine"]["met"] is True
    assert shipping["reviewed"] is None


@pytest.mark.parametrize(("role", "sees_note"), [("auditor", True), ("admin", True), ("buyer", False)])
def test_a_review_is_shown_and_its_note_only_to_reviewers(exhibit_c, client_as, users, role, sees_note):
    mark_reviewed(exhibit_c, "exhibit-c/shipping-5/basis", user=users["auditor"], note="Confirmed with Lucent.")
    body = client_as(role).get(f"{LIST}{exhibit_c.pk}/").json()
    reviewed = {f["code"]: f for f in body["findings"]}["exhibit-c/shipping-5/basis"]["reviewed"]
    assert reviewed["by"] == users["auditor"].get_username()
    assert ("note" in reviewed) is sees_note
    if sees_note:
        assert reviewed["note"] == "Confirmed with Lucent."


def test_anonymous_is_refused(exhibit_c, client):
    assert client.get(LIST).status_code in (401, 403)
    assert client.get(f"{LIST}{exhibit_c.pk}/").status_code in (401, 403)
