"""Review of kept API answers (`core.answers`): every way a kept answer could be stale or leaked.

Kept answers need requests outside a transaction, so these tests run on a transactional database.
Each test states the path it checks; the ones that fail name a real gap (see the review report).
"""

import io
import threading
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection, connections, migrations, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from rest_framework.test import APIClient

from contracts.models import TermVersion
from core.chain import link_unchained
from core.editing import set_change_reason
from tests.conftest import SEED_FILE, make_user

pytestmark = pytest.mark.django_db(transaction=True)

AS_OF = "/api/v1/agreements/LNM970313MP/as-of/?on=1999-11-15"
AS_OF_TODAY = "/api/v1/agreements/LNM970313MP/as-of/"
BOARD = "/api/v1/releases/?agreement=LNM970313MP&limit=1"
NEW_EXPIRY = "2004-03-05"


def _status(response) -> str:
    return response.headers.get("Cache-Status", "")


def _kept(client, url, **kwargs):
    """Ask twice: the second answer comes from the kept one."""
    first = client.get(url, **kwargs)
    assert first.status_code == 200, first.content[:300]
    again = client.get(url, **kwargs)
    assert _status(again) == "ledgerline; hit"
    return first


def _change_expiry_with_history(expiry: str) -> None:
    """The Term's expiry changed as every application path changes it: saved, with a reason, in a transaction."""
    with transaction.atomic():
        term = TermVersion.objects.select_for_update().get()
        term.expiry_date = expiry
        set_change_reason(term, "review: a change")
        term.save()


# --- 1. paths that change data without a history row in their transaction --------------------------


def test_a_data_migration_is_not_answered_from_before_it(seed, api_client_as):
    """A data migration (RunPython with migration-state models, as releases 0006 and pricing 0006 fill
    their `key` columns) writes no history row, so the chain head does not move: after `migrate` (its
    data change, its row in django_migrations, its post_migrate signal) the kept answers from before
    are served for the new data, by every worker and by a shared store until they age out."""
    link_unchained()  # the seed fixture copies history rows without their links; `load_agreement` links them
    buyer = api_client_as("buyer")
    before = _kept(buyer, AS_OF)
    assert NEW_EXPIRY not in before.content.decode()

    recorder = MigrationRecorder(connection)
    state_apps = MigrationLoader(connection).project_state().apps
    migration_term = state_apps.get_model("contracts", "TermVersion")
    try:
        assert migration_term.objects.update(expiry_date=NEW_EXPIRY) == 1  # what a RunPython data migration does
        recorder.record_applied("contracts", "9999_review_data_fix")
        plan = [(migrations.Migration("9999_review_data_fix", "contracts"), False)]
        emit_post_migrate_signal(0, False, "default", apps=state_apps, plan=plan)
        # Today nothing is linked (no history was written): `latest_link()` is still `head`.

        after = buyer.get(AS_OF)
    finally:
        recorder.record_unapplied("contracts", "9999_review_data_fix")  # django_migrations is never flushed
    assert NEW_EXPIRY in after.content.decode(), _status(after)


# --- 2. answers depending on more than (URL, body, media type, permissions, today, data version) ----


def test_an_answer_computed_across_midnight_is_not_kept_for_the_day_before(seed, api_client_as, monkeypatch):
    """The key takes today's date before the handler runs; the handler takes its own "today" (the default
    `on`) a moment later. A request whose key was made at 23:59:59.999 and whose handler ran at
    00:00:00.001 keeps tomorrow's answer under today's key: a request still on today (another worker, a
    moment before midnight) is answered for tomorrow."""
    buyer = api_client_as("buyer")
    today = timezone.localdate()
    yesterday = today - timedelta(days=1)
    clock = {"date": yesterday}

    def midnight_passes_as_the_handler_starts():
        clock["date"] = today
        return today

    monkeypatch.setattr("core.answers.timezone", SimpleNamespace(localdate=lambda: clock["date"]))
    monkeypatch.setattr(
        "core.pointintime.inputs.timezone", SimpleNamespace(localdate=midnight_passes_as_the_handler_starts)
    )
    crossed = buyer.get(AS_OF_TODAY)
    assert crossed.status_code == 200 and crossed.json()["as_of"]["on"] == today.isoformat()

    clock["date"] = yesterday  # a request made entirely before midnight
    monkeypatch.setattr("core.pointintime.inputs.timezone", SimpleNamespace(localdate=lambda: yesterday))
    still_yesterday = buyer.get(AS_OF_TODAY)
    assert still_yesterday.json()["as_of"]["on"] == yesterday.isoformat(), _status(still_yesterday)


def test_absolute_links_follow_the_host_and_scheme_asked(seed, api_client_as, settings):
    settings.ALLOWED_HOSTS = ["one.example", "two.example"]
    buyer = api_client_as("buyer")
    first = _kept(buyer, BOARD, HTTP_HOST="one.example")
    assert first.json()["next"].startswith("http://one.example/")
    other = buyer.get(BOARD, HTTP_HOST="two.example", secure=True)
    assert _status(other) == "ledgerline; fwd=miss; stored"
    assert other.json()["next"].startswith("https://two.example/")


def test_head_and_get_are_kept_apart(seed, api_client_as):
    buyer = api_client_as("buyer")
    head = buyer.head(AS_OF)
    assert head.status_code == 200 and head.content == b""
    got = buyer.get(AS_OF)
    assert _status(got) == "ledgerline; fwd=miss; stored" and got.json()["as_of"]["on"] == "1999-11-15"


def test_the_media_type_parameters_asked_are_part_of_the_question(seed, api_client_as):
    buyer = api_client_as("buyer")
    compact = _kept(buyer, AS_OF, HTTP_ACCEPT="application/json")
    indented = buyer.get(AS_OF, HTTP_ACCEPT="application/json; indent=4")
    assert _status(indented) == "ledgerline; fwd=miss; stored"
    assert indented.content != compact.content and indented.json() == compact.json()


# --- who asks: permissions change, the kept answer does not follow ------------------------------------


def test_a_role_losing_a_permission_gets_no_answer_kept_for_it(seed, client_as):
    """Through a session, as a browser or script asks: the user and their permissions are read afresh."""
    from django.contrib.auth.models import Group, Permission

    from core.roles import AUDITORS

    recorded = AS_OF + "&recorded_at=2099-01-01T00:00:00Z"
    auditor = client_as("auditor")
    _kept(auditor, recorded, HTTP_ACCEPT="application/json")
    auditors = Group.objects.get(name=AUDITORS)
    auditors.permissions.remove(Permission.objects.get(content_type__app_label="core", codename="view_history"))
    refused = auditor.get(recorded, HTTP_ACCEPT="application/json")
    assert refused.status_code == 403 and "Cache-Status" not in refused.headers


def test_users_with_the_same_permissions_share_answers_and_no_one_else(seed, api_client_as, django_user_model):
    other_buyer = make_user(django_user_model, "buyer-2", "buyer")
    buyer = api_client_as("buyer")
    first = _kept(buyer, AS_OF)
    second = APIClient()
    second.force_authenticate(other_buyer)
    shared = second.get(AS_OF)
    assert _status(shared) == "ledgerline; hit" and shared.content == first.content
    auditor = api_client_as("auditor")
    assert _status(auditor.get(AS_OF)).startswith("ledgerline; fwd=miss")


# --- 3. transactions: concurrent commits and rollbacks -------------------------------------------------


def _in_thread(work) -> None:
    failures: list[BaseException] = []

    def run():
        try:
            work()
        except BaseException as exc:  # noqa: BLE001 - reported to the test's thread
            failures.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=60)
    assert not thread.is_alive()
    if failures:
        raise failures[0]


def test_a_change_committed_while_an_answer_is_computed_is_not_kept_under_the_old_version(
    seed, api_client_as, monkeypatch
):
    import contracts.api.views as views

    buyer = api_client_as("buyer")
    original = views.agreement_snapshot

    def snapshot_then_another_writer_commits(*args, **kwargs):
        answer = original(*args, **kwargs)  # read before the change
        _in_thread(lambda: _change_expiry_with_history(NEW_EXPIRY))
        return answer

    monkeypatch.setattr(views, "agreement_snapshot", snapshot_then_another_writer_commits)
    raced = buyer.get(AS_OF)
    assert raced.status_code == 200 and NEW_EXPIRY not in raced.content.decode()
    assert _status(raced) == "ledgerline; fwd=miss"  # answered, not kept
    monkeypatch.setattr(views, "agreement_snapshot", original)
    after = buyer.get(AS_OF)
    assert NEW_EXPIRY in after.content.decode() and _status(after) == "ledgerline; fwd=miss; stored"


def test_an_uncommitted_change_is_never_in_a_kept_answer(seed, api_client_as):
    """Another connection writes (history and link included) and rolls back while answers are kept."""
    buyer = api_client_as("buyer")
    written, asked = threading.Event(), threading.Event()

    class RolledBack(Exception):
        pass

    def writer():
        try:
            with transaction.atomic():
                term = TermVersion.objects.get()
                term.expiry_date = NEW_EXPIRY
                set_change_reason(term, "review: rolled back")
                term.save()
                written.set()
                assert asked.wait(timeout=30)
                raise RolledBack
        except RolledBack:
            pass
        finally:
            connections.close_all()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert written.wait(timeout=30)
        during = buyer.get(AS_OF)
    finally:
        asked.set()
        thread.join(timeout=60)
    assert during.status_code == 200 and NEW_EXPIRY not in during.content.decode()
    after = buyer.get(AS_OF)
    assert NEW_EXPIRY not in after.content.decode() and _status(after) == "ledgerline; hit"


# --- 1 (continued). application write paths move the version -----------------------------------------


def test_an_admin_bulk_delete_shows_at_once(seed, client_as, api_client_as):
    from contracts.models import EntityName

    buyer = api_client_as("buyer")
    lookup = "/api/v1/entities/lookup/?name=KMC+III&on=2000-03-01"
    before = _kept(buyer, lookup)
    names = list(EntityName.objects.values_list("pk", flat=True))
    assert names
    admin = client_as("admin")
    response = admin.post(
        "/admin/contracts/entityname/",
        {"action": "delete_selected", "_selected_action": names, "post": "yes", "reason": "review: removed"},
    )
    assert response.status_code == 302, response.content[:500]
    assert not EntityName.objects.exists()
    after = buyer.get(lookup)
    assert _status(after).startswith("ledgerline; fwd=miss") and after.content != before.content


def test_reloading_the_data_file_with_a_change_shows_at_once(seed, api_client_as, tmp_path):
    from django.core.management import call_command

    buyer = api_client_as("buyer")
    lookup = "/api/v1/entities/lookup/?name=KMC+Telecom&on=2000-03-01"
    before = _kept(buyer, lookup)
    text = SEED_FILE.read_text()
    assert 'name: "KMC Telecom Holdings, Inc."' in text
    changed = tmp_path / "kmc.yaml"
    changed.write_text(text.replace('name: "KMC Telecom Holdings, Inc."', 'name: "KMC Telecom Holdings Group, Inc."'))
    call_command("load_agreement", str(changed), stdout=io.StringIO())
    after = buyer.get(lookup)
    assert _status(after).startswith("ledgerline; fwd=miss")
    assert "Holdings Group" in after.content.decode() and "Holdings Group" not in before.content.decode()


def test_a_generated_portfolio_shows_at_once(seed, api_client_as):
    from ledger.portfolio import generate_portfolio

    buyer = api_client_as("buyer")
    # The agreement may be left out while only one agreement has a release schedule.
    board = "/api/v1/releases/?limit=1"
    assert _kept(buyer, board).json()["agreement"]
    generate_portfolio(agreements=1, seed=9)  # bulk inserts, history written in bulk, linked in its transaction
    after = buyer.get(board)
    assert after.status_code == 400 and "Cache-Status" not in after.headers, (after.status_code, _status(after))
