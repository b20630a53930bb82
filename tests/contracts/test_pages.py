"""Contract pages: what each role sees, what the dates do, how many queries they cost."""

import pytest
from django.urls import reverse

from contracts.models import Amendment, LegalEntity

pytestmark = pytest.mark.django_db

ROLES = ["admin", "buyer", "auditor"]


def page_urls(seed):
    entity = LegalEntity.objects.get(slug="kmc-telecom-iii")
    amendment = Amendment.objects.get(number=3)
    return [
        reverse("home"),
        reverse("contracts:agreement_list"),
        reverse("contracts:agreement_detail", args=[seed.pk]),
        reverse("ledger:amendment_detail", args=[amendment.pk]),
        reverse("contracts:legalentity_list"),
        reverse("contracts:legalentity_lookup") + "?name=KMC+III",
        reverse("contracts:legalentity_detail", args=[entity.pk]),
    ]


def test_anonymous_is_sent_to_login_from_every_page(client, seed):
    for url in page_urls(seed):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_every_contract_page(client_as, seed, role):
    client = client_as(role)
    for url in page_urls(seed):
        assert client.get(url).status_code == 200, url


def test_a_user_without_a_role_gets_403(client, django_user_model, seed):
    client.force_login(django_user_model.objects.create_user("no-role"))
    response = client.get(reverse("contracts:agreement_detail", args=[seed.pk]))
    assert response.status_code == 403


def test_agreement_page_shows_the_dates_used(client_as, seed):
    url = reverse("contracts:agreement_detail", args=[seed.pk])
    page = client_as("buyer").get(url, {"on": "1999-01-15", "as_agreed": "1999-01-31"}).content.decode()
    assert "on 1999-01-15" in page
    assert "as agreed on 1999-01-31" in page
    assert "KMC Telecom III, Inc." in page
    assert "2003-03-05" in page


def test_agreement_page_defaults_to_today_and_says_so(client_as, seed):
    from django.utils import timezone

    page = client_as("buyer").get(reverse("contracts:agreement_detail", args=[seed.pk])).content.decode()
    assert f"on {timezone.localdate():%Y-%m-%d}" in page
    assert "as agreed now" in page


def test_a_bad_date_is_named_not_silently_replaced(client_as, seed):
    from django.utils import timezone

    url = reverse("contracts:agreement_detail", args=[seed.pk])
    page = client_as("buyer").get(url, {"on": "1999-02-30"}).content.decode()
    assert "On: Enter a valid date." in page
    assert "no date was assumed" in page
    assert f"on {timezone.localdate():%Y-%m-%d}" not in page
    assert 'id="customers"' not in page


def test_amendment_page_lists_its_changes(client_as, seed):
    amendment = Amendment.objects.get(number=2)
    page = client_as("auditor").get(reverse("ledger:amendment_detail", args=[amendment.pk])).content.decode()
    for text in [
        "KMC Telecom of Virginia, Inc.",
        "“KMC III”",
        "Term expires on 2003-03-05",
        "retroactive",
        "Michael A. Sternberg",
        "blank",
    ]:
        assert text in page, text


def test_amendment_one_says_its_text_is_unknown(client_as, seed):
    amendment = Amendment.objects.get(number=1)
    page = client_as("buyer").get(reverse("ledger:amendment_detail", args=[amendment.pk])).content.decode()
    assert "not in the documents" in page


def test_entity_lookup_by_former_name(client_as, seed):
    url = reverse("contracts:legalentity_lookup")
    page = client_as("buyer").get(url, {"name": "KMC III LLC", "on": "2000-03-01"}).content.decode()
    assert "KMC III Services LLC" in page
    assert "since 2000-02-15" in page


def test_history_links_only_for_roles_that_see_history(client_as, seed):
    url = reverse("contracts:agreement_detail", args=[seed.pk])
    assert 'class="history"' not in client_as("buyer").get(url).content.decode()
    assert 'class="history"' in client_as("auditor").get(url).content.decode()


def test_history_page_is_for_auditors_and_admins(client_as, seed):
    url = reverse("core:object_history", args=["contracts", "agreement", seed.pk])
    assert client_as("buyer").get(url).status_code == 403
    page = client_as("auditor").get(url)
    assert page.status_code == 200
    assert "load_agreement kmc_lucent.yaml: agreement" in page.content.decode()


def test_history_of_unknown_models_is_404(client_as, seed):
    client = client_as("auditor")
    assert client.get(reverse("core:object_history", args=["auth", "permission", 1])).status_code == 404
    assert client.get(reverse("core:object_history", args=["contracts", "nosuch", 1])).status_code == 404


def test_buyers_and_auditors_cannot_use_the_admin(client_as, seed):
    for role in ["buyer", "auditor"]:
        response = client_as(role).get(reverse("admin:contracts_agreement_changelist"))
        assert response.status_code == 302


def test_admin_edits_record_history_with_the_user(client_as, seed, admin_user):
    client = client_as("admin")
    entity = LegalEntity.objects.get(slug="kmc-telecom-v")
    url = reverse("admin:contracts_legalentity_change", args=[entity.pk])
    form = client.get(url).context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items()}
    data.update(
        {
            "name": "KMC Telecom V, Inc.",
            "jurisdiction": "Delaware",
            "note": "checked",
            "parent": entity.parent_id,
            "other_names-TOTAL_FORMS": 0,
            "other_names-INITIAL_FORMS": 0,
            "change_reason": "Jurisdiction checked against EX-21.1",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    latest = entity.history.order_by("-history_id").first()
    assert latest.history_user == admin_user
    assert latest.note == "checked"
    assert latest.history_change_reason == "Jurisdiction checked against EX-21.1"


@pytest.mark.parametrize("name", ["contracts:agreement_list", "contracts:legalentity_list"])
def test_list_pages_cost_a_fixed_number_of_queries(client_as, seed, name, django_assert_max_num_queries):
    client = client_as("buyer")
    with django_assert_max_num_queries(10):
        client.get(reverse(name))
    for i in range(60):
        LegalEntity.objects.create(slug=f"extra-{i}", name=f"Extra {i}", parent_id=seed.seller_id)
    with django_assert_max_num_queries(10):
        client.get(reverse(name))


def test_agreement_page_query_count_does_not_grow_with_customers(client_as, seed, django_assert_max_num_queries):
    from contracts.models import CustomerMembership

    client = client_as("buyer")
    url = reverse("contracts:agreement_detail", args=[seed.pk])
    with django_assert_max_num_queries(13):
        client.get(url)
    amendment = Amendment.objects.get(number=4)
    for i in range(40):
        entity = LegalEntity.objects.create(slug=f"more-{i}", name=f"More {i}")
        CustomerMembership.objects.create(
            agreement=seed, entity=entity, added_by=amendment, valid_from=amendment.effective_date
        )
    with django_assert_max_num_queries(13):
        client.get(url)


def test_entity_lookup_query_count_does_not_grow_with_matches(client_as, seed):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_as("buyer")
    url = reverse("contracts:legalentity_lookup")
    counts = []
    for name in ("KMC Telecom III, Inc.", "KMC"):
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url, {"name": name, "on": "2000-01-01"})
        counts.append(len(queries))
    assert page.content.decode().count('class="entity-match"') >= 15
    assert counts[0] == counts[1] <= 16
