"""Every write path records exactly one history row with the acting user (and the reason).

The admin part walks every audited model that has a record after the seed is loaded, so new
models are covered without editing this file.
"""

import logging

import pytest
from django.contrib import admin
from django.urls import reverse

from bench.load.client import form_fields
from core.history import audited_models

pytestmark = pytest.mark.django_db


def _admin_post_data(page):
    data = form_fields(page)
    data.pop("csrfmiddlewaretoken", None)
    data.pop("_popup", None)
    return data


def test_admin_saves_write_one_history_row_per_record_with_user_and_reason(client_as, seed, admin_user):
    client = client_as("admin")
    covered, problems = [], []
    for model in audited_models():
        if model not in admin.site._registry:
            problems.append((model._meta.label_lower, "not in the admin"))
            continue
        if not admin_user.has_perm(f"{model._meta.app_label}.change_{model._meta.model_name}"):
            continue  # users and groups: superusers only (tests/core/test_user_audit.py covers their admin)
        obj = model._default_manager.order_by("pk").first()
        if obj is None:
            continue
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk])
        page = client.get(url)
        data = {**_admin_post_data(page.content.decode()), "change_reason": "write-path audit"}
        before = model.history.filter(id=obj.pk).count()
        response = client.post(url, data)
        rows = list(model.history.filter(id=obj.pk).order_by("-history_id")[:2])
        if response.status_code != 302:
            problems.append((model._meta.label_lower, f"HTTP {response.status_code}"))
        elif model.history.filter(id=obj.pk).count() != before + 1:
            problems.append((model._meta.label_lower, "not exactly one history row"))
        elif rows[0].history_user != admin_user or rows[0].history_change_reason != "write-path audit":
            problems.append((model._meta.label_lower, "wrong user or reason"))
        covered.append(model._meta.label_lower)
    assert problems == [], problems
    assert {"contracts.agreement", "contracts.legalentity", "contracts.termversion"} <= set(covered)


def test_history_cannot_be_reverted_from_the_admin(client_as, seed):
    from contracts.models import LegalEntity

    entity = LegalEntity.objects.get(slug="kmc-telecom-v")
    record = entity.history.first()
    url = reverse("admin:contracts_legalentity_simple_history", args=[entity.pk, record.history_id])
    before = entity.history.count()
    response = client_as("admin").post(url, {"name": "Reverted"})
    assert response.status_code in (403, 404, 405)
    assert entity.history.count() == before


def test_refused_access_is_logged(client_as, api_client_as, seed, caplog):
    with caplog.at_level(logging.WARNING, logger="ledgerline.security"):
        client_as("buyer").get(reverse("ledger:audit_log"))
        api_client_as("buyer").get("/api/v1/audit-log/")
    messages = [r.getMessage() for r in caplog.records if r.name == "ledgerline.security"]
    assert any("Page access denied: user=buyer-1" in m and "/history/" in m for m in messages)
    assert any("API access denied: user=buyer-1" in m and "/api/v1/audit-log/" in m for m in messages)
