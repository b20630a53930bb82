"""No lost updates: the second save of a stale version is refused, naming who changed it and when."""

import threading

import pytest
from django.db import close_old_connections, connection
from django.urls import reverse

from contracts.models import LegalEntity, TermVersion
from core.editing import StaleEditError, save_edit, version_of


def term_form_data(client, term):
    url = reverse("admin:contracts_termversion_change", args=[term.pk])
    form = client.get(url).context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items()}
    return url, data


@pytest.mark.django_db
def test_second_admin_saving_a_stale_term_is_refused(client, django_user_model, seed):
    from tests.conftest import make_user

    first, second = (
        make_user(django_user_model, "alice", "admin", staff=True),
        make_user(django_user_model, "bob", "admin", staff=True),
    )
    term = TermVersion.objects.get()
    client.force_login(first)
    url, alice_data = term_form_data(client, term)
    client.force_login(second)
    _, bob_data = term_form_data(client, term)

    client.force_login(first)
    response = client.post(url, {**alice_data, "expiry_date": "2004-03-05", "change_reason": "Extension agreed"})
    assert response.status_code == 302

    client.force_login(second)
    response = client.post(url, {**bob_data, "expiry_date": "2003-12-31", "change_reason": "Typo"})
    assert response.status_code == 409
    body = response.content.decode()
    assert "was changed by alice at" in body and "Your changes were not saved" in body
    term.refresh_from_db()
    assert term.expiry_date.isoformat() == "2004-03-05"


@pytest.mark.django_db
def test_save_edit_names_the_other_editor(seed, admin_user):
    entity = LegalEntity.objects.get(slug="kmc-telecom-v")
    version = version_of(entity)
    entity.note = "first"
    entity._history_user = admin_user
    save_edit(entity, reason="first", base_version=version)
    stale = LegalEntity.objects.get(pk=entity.pk)
    stale.note = "second"
    with pytest.raises(StaleEditError, match=f"changed by {admin_user.username}"):
        save_edit(stale, reason="second", base_version=version)
    entity.refresh_from_db()
    assert entity.note == "first"


def _run_in_threads(count, work):
    errors, barrier = [], threading.Barrier(count)

    def runner(index):
        try:
            barrier.wait(timeout=30)
            work(index)
        except Exception as exc:  # noqa: BLE001 - collected and asserted on below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


@pytest.mark.django_db(transaction=True)
def test_concurrent_stale_saves_lose_nothing(seed):
    """Real threads on the real database: of N saves from one version, exactly one wins."""
    entity = LegalEntity.objects.get(slug="kmc-telecom-v")
    version = version_of(entity)

    def edit(index):
        close_old_connections()
        mine = LegalEntity.objects.get(pk=entity.pk)
        mine.note = f"writer {index}"
        save_edit(mine, reason=f"writer {index}", base_version=version)

    errors = _run_in_threads(6, edit)
    assert len(errors) == 5 and all(isinstance(e, StaleEditError) for e in errors), errors
    entity.refresh_from_db()
    assert entity.note.startswith("writer ")
    assert LegalEntity.history.filter(id=entity.pk, note=entity.note).count() == 1


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_writers_all_complete(seed):
    """SQLite in WAL mode with IMMEDIATE transactions queues writers instead of failing with 'locked'."""

    def create(index):
        close_old_connections()
        LegalEntity.objects.create(slug=f"writer-{index}", name=f"Writer {index}")

    errors = _run_in_threads(20, create)
    assert errors == []
    assert LegalEntity.objects.filter(slug__startswith="writer-").count() == 20
    assert LegalEntity.history.filter(slug__startswith="writer-").count() == 20
