"""Tamper evidence: every history row is in one hash chain, and `verify_history` finds what was done
behind the application's back (the guards dropped first: someone who owns the database)."""

import io
import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from contracts.models import LegalEntity
from core import tamper
from core.chain import GENESIS, chain_head, link_hash, link_unchained, row_digests
from core.history_guard import install_history_guards, remove_history_guards
from core.models import HistoryLink
from core.tamper import verify_history
from pricing.models import DiscountLine
from tests.factories import DiscountLineFactory, LegalEntityFactory

pytestmark = pytest.mark.django_db

LINE_HISTORY = DiscountLine.history.model._meta.db_table


def kinds(report):
    return {problem.kind for problem in report.problems}


def execute(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.fixture
def line():
    """A discount line at 27%, then corrected to 28% (two history rows, both linked)."""
    line = DiscountLineFactory(percent=Decimal("27.00"))
    line.percent = Decimal("28.00")
    line._change_reason = "corrected"
    line.save()
    return line


@pytest.fixture
def unguarded():
    """Someone with the database: the append-only triggers dropped (the test's rollback restores them)."""
    remove_history_guards(apps, connection)
    yield
    install_history_guards(apps, connection)


def test_a_clean_database_verifies(line):
    report = verify_history()
    assert report.ok, report.problems
    assert report.links == HistoryLink.objects.count() >= 2
    assert report.live_rows >= 1


def test_every_history_row_is_linked_in_its_transaction(line):
    rows = line.history.order_by("history_id")
    links = HistoryLink.objects.filter(history_table=LINE_HISTORY, history_id__in=rows.values("history_id"))
    assert links.count() == 2
    first, second = links.order_by("seq")
    assert second.seq > first.seq
    assert first.chain_hash == link_hash(
        first.seq, first.history_table, first.history_id, first.row_hash, first.prev_hash, first.created, late=False
    )
    assert not first.late


def test_the_apps_own_edits_keep_it_clean(client_as, api_client_as, line, admin_user):
    entity = LegalEntityFactory()
    url = reverse("admin:contracts_legalentity_change", args=[entity.pk])
    form = client_as("admin").get(url).context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items()}
    data.update({"other_names-TOTAL_FORMS": 0, "other_names-INITIAL_FORMS": 0})
    response = client_as("admin").post(url, {**data, "name": "Renamed Inc.", "change_reason": "renamed"})
    assert response.status_code == 302
    entity.delete()
    admin_user.groups.add(Group.objects.get(name="Auditors"))
    assert verify_history().ok, verify_history().problems


def test_seed_loaded_as_the_app_loads_it_verifies_once_linked(seed):
    # The test fixture copies the seed's rows in with raw SQL, as a bulk load would: not yet linked.
    assert tamper.UNLINKED in kinds(verify_history())
    assert link_unchained() > 100
    assert verify_history().ok, verify_history().problems


def test_bulk_created_history_is_reported_until_linked(line):
    from simple_history.utils import bulk_create_with_history

    bulk_create_with_history([LegalEntity(slug=f"bulk-{i}", name=f"Bulk {i}") for i in range(3)], LegalEntity)
    report = verify_history()
    assert [p.kind for p in report.problems] == [tamper.UNLINKED] * 3
    assert link_unchained() == 3
    report = verify_history()
    assert report.ok and report.late_links == 3


def _rewrite_in_place(history_id, **changes):
    """Rewrite a history row by inserting over it: SQLite's REPLACE, PostgreSQL's upsert."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {LINE_HISTORY} WHERE history_id = %s", [history_id])
        row = dict(zip([c[0] for c in cursor.description], cursor.fetchone(), strict=True))
        row.update(changes)
        quote = connection.ops.quote_name
        columns, marks = ", ".join(quote(c) for c in row), ", ".join(["%s"] * len(row))
        if connection.vendor == "sqlite":
            cursor.execute(f"REPLACE INTO {LINE_HISTORY} ({columns}) VALUES ({marks})", list(row.values()))
        else:
            updates = ", ".join(f"{quote(column)} = EXCLUDED.{quote(column)}" for column in changes)
            cursor.execute(
                f"INSERT INTO {LINE_HISTORY} ({columns}) VALUES ({marks}) "
                f"ON CONFLICT (history_id) DO UPDATE SET {updates}",
                list(row.values()),
            )


def test_a_row_cannot_be_rewritten_in_place_while_guarded(line):
    row = line.history.earliest("history_id")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        _rewrite_in_place(row.history_id, percent=Decimal("99.00"))
    if connection.vendor == "sqlite":
        # A connection without `PRAGMA recursive_triggers` (someone's sqlite3 shell): the INSERT
        # trigger alone refuses. The app's connections have it on, so the DELETE trigger refuses too.
        execute(f'DROP TRIGGER "{LINE_HISTORY}_no_replace"')
        with pytest.raises(DatabaseError, match="append-only: DELETE"), transaction.atomic():
            _rewrite_in_place(row.history_id, percent=Decimal("99.00"))
        install_history_guards(apps, connection)
        execute("PRAGMA recursive_triggers = OFF")
        try:
            with pytest.raises(DatabaseError, match="append-only: REPLACE"), transaction.atomic():
                _rewrite_in_place(row.history_id, percent=Decimal("99.00"))
        finally:
            execute("PRAGMA recursive_triggers = ON")
    assert line.history.earliest("history_id").percent == Decimal("27.00")
    assert verify_history().ok


def test_a_replace_rewritten_row_is_detected(line, unguarded, buyer_user):
    row = line.history.earliest("history_id")
    _rewrite_in_place(
        row.history_id, percent=Decimal("99.00"), history_change_reason="forged", history_user_id=buyer_user.pk
    )
    assert line.history.earliest("history_id").percent == Decimal("99.00")  # the rewrite happened
    report = verify_history()
    assert [(p.kind, p.where) for p in report.problems] == [
        (tamper.ROW_CHANGED, f"link #{_link_of(row).seq} ({LINE_HISTORY} row {row.history_id})")
    ]


def _link_of(row):
    return HistoryLink.objects.get(history_table=row._meta.db_table, history_id=row.history_id)


def test_a_deleted_row_is_detected(line, unguarded):
    row = line.history.earliest("history_id")
    execute(f"DELETE FROM {LINE_HISTORY} WHERE history_id = %s", [row.history_id])
    report = verify_history()
    assert kinds(report) == {tamper.ROW_MISSING}


def test_a_deleted_link_breaks_the_chain_there(line, unguarded):
    first = HistoryLink.objects.filter(history_table=LINE_HISTORY).earliest("seq")
    execute("DELETE FROM core_historylink WHERE seq = %s", [first.seq])
    report = verify_history()
    assert report.first_broken_link is not None
    assert f"#{first.seq + 1} " in report.first_broken_link.where
    assert tamper.UNLINKED in kinds(report)


def test_reordered_rows_are_detected(line, unguarded):
    older, newer = line.history.order_by("history_id")
    execute(
        f"UPDATE {LINE_HISTORY} SET history_date = %s WHERE history_id = %s", [newer.history_date, older.history_id]
    )
    execute(
        f"UPDATE {LINE_HISTORY} SET history_date = %s WHERE history_id = %s", [older.history_date, newer.history_id]
    )
    assert kinds(verify_history()) == {tamper.ROW_CHANGED}


def test_reordered_links_are_detected(line, unguarded):
    a, b = HistoryLink.objects.filter(history_table=LINE_HISTORY).order_by("seq")
    spare = 10**12
    execute("UPDATE core_historylink SET seq = %s WHERE seq = %s", [spare, a.seq])
    execute("UPDATE core_historylink SET seq = %s WHERE seq = %s", [a.seq, b.seq])
    execute("UPDATE core_historylink SET seq = %s WHERE seq = %s", [b.seq, spare])
    report = verify_history()
    assert report.first_broken_link is not None and f"#{a.seq} " in report.first_broken_link.where


def _forge_history_row(entity, when):
    table = LegalEntity.history.model._meta.db_table
    execute(
        f"INSERT INTO {table} (id, slug, name, normalized_name, legal_form, jurisdiction, address, note, "
        "history_date, history_change_reason, history_type) VALUES (%s, %s, %s, %s, '', '', '', '', %s, %s, '~')",
        [entity.pk, entity.slug, "Forged Name", "forged name", when, "backdated on purpose"],
    )
    return LegalEntity.history.model.objects.latest("history_id")


def test_a_forged_backdated_insert_is_detected(line):
    entity = LegalEntityFactory()
    _forge_history_row(entity, timezone.now() - timedelta(days=400))
    report = verify_history()
    assert tamper.UNLINKED in kinds(report)


def test_a_forged_backdated_insert_with_a_link_appended_is_detected(line):
    entity = LegalEntityFactory()
    forged = _forge_history_row(entity, timezone.now() - timedelta(days=400))
    # The forger appends a correct link for it, as the app would have: the date gives it away.
    table = forged._meta.db_table
    head = chain_head()
    now = timezone.now()
    row_hash = row_digests(type(forged), [forged.history_id])[forged.history_id].row_hash
    prev = head.chain_hash if head else GENESIS
    seq = head.seq + 1
    HistoryLink.objects.create(
        seq=seq,
        history_table=table,
        history_id=forged.history_id,
        row_hash=row_hash,
        prev_hash=prev,
        chain_hash=link_hash(seq, table, forged.history_id, row_hash, prev, now, late=False),
        created=now,
    )
    report = verify_history()
    assert tamper.BACKDATED in kinds(report)
    assert tamper.BROKEN_LINK not in kinds(report)


def test_raw_writes_to_live_tables_are_detected(line, admin_user):
    entity = LegalEntityFactory()
    execute("UPDATE pricing_discountline SET percent = 99 WHERE id = %s", [line.pk])
    execute("DELETE FROM contracts_legalentity WHERE id = %s", [entity.pk])
    execute(
        "INSERT INTO contracts_legalentity (slug, name, normalized_name, legal_form, jurisdiction, address, note) "
        "VALUES ('raw', 'Raw Inc.', 'raw inc', '', '', '', '')"
    )
    execute(
        "INSERT INTO auth_user_groups (user_id, group_id) VALUES (%s, %s)",
        [admin_user.pk, Group.objects.get(name="Auditors").pk],
    )
    problems = {(p.kind, p.where.split(" #")[0]) for p in verify_history().problems}
    assert problems == {
        (tamper.LIVE_DIFFERS, "pricing.discountline"),
        (tamper.LIVE_DELETED, "contracts.legalentity"),
        (tamper.LIVE_UNRECORDED, "contracts.legalentity"),
        (tamper.LIVE_DIFFERS, "auth.user"),
    }


def test_an_exported_head_proves_a_recomputed_chain_was_rewritten(line, tmp_path, unguarded):
    out = io.StringIO()
    call_command("verify_history", "--export-head", stdout=out)
    head = json.loads(out.getvalue())
    assert head["seq"] == chain_head().seq and len(head["signature"]) == 64
    (tmp_path / "head.json").write_text(json.dumps(head))
    call_command("verify_history", "--expect-head", str(tmp_path / "head.json"), stdout=io.StringIO())

    # Someone with the database rewrites the first row and recomputes every link after it.
    row = line.history.earliest("history_id")
    execute(f"UPDATE {LINE_HISTORY} SET percent = 99 WHERE history_id = %s", [row.history_id])
    prev = GENESIS
    for link in HistoryLink.objects.order_by("seq"):
        model = tamper.history_models()[link.history_table]
        row_hash = row_digests(model, [link.history_id])[link.history_id].row_hash
        chain_hash = link_hash(
            link.seq, link.history_table, link.history_id, row_hash, prev, link.created, late=link.late
        )
        execute(
            "UPDATE core_historylink SET row_hash = %s, prev_hash = %s, chain_hash = %s WHERE seq = %s",
            [row_hash, prev, chain_hash, link.seq],
        )
        prev = chain_hash
    assert verify_history().ok  # the chain alone is consistent again...
    report = verify_history(expect_head=head)
    assert kinds(report) == {tamper.HEAD_MISMATCH}  # ...but not with the head kept elsewhere
    with pytest.raises(CommandError, match="1 problems"):
        call_command("verify_history", "--expect-head", str(tmp_path / "head.json"), stderr=io.StringIO())


def test_a_head_file_edited_to_match_is_refused(line):
    head = chain_head().document()
    assert verify_history(expect_head=head).ok
    forged = {**head, "chain_hash": "0" * 64}
    assert [p.detail for p in verify_history(expect_head=forged).problems] == [
        "the signature does not match: not exported here, or edited since",
        "the chain up to this position was rewritten (its hash differs)",
    ]


def test_verify_history_command_fails_and_lists_problems(line, unguarded):
    ok = io.StringIO()
    call_command("verify_history", stdout=ok)
    assert "History verified" in ok.getvalue()
    execute(f"DELETE FROM {LINE_HISTORY}")
    errors = io.StringIO()
    with pytest.raises(CommandError, match="History verification failed: 3 problems"):
        call_command("verify_history", stderr=errors)
    assert errors.getvalue().count("row missing") == 2
    assert f"live row without history: pricing.discountline #{line.pk}" in errors.getvalue()


def test_integrity_page_for_auditors(client_as, line, unguarded, auditor_user):
    url = reverse("core:history_integrity")
    auditor = client_as("auditor")
    assert "never been verified" in auditor.get(url).content.decode()
    assert auditor.post(url).status_code == 302
    body = auditor.get(url).content.decode()
    assert "intact" in body and f"by {auditor_user.username}" in body
    assert f"&quot;seq&quot;: {chain_head().seq}" in body  # the signed head to keep

    execute(f"UPDATE {LINE_HISTORY} SET percent = 99")
    auditor.post(url)
    body = auditor.get(url).content.decode()
    # Two history rows rewritten, and the live line no longer matches the latest of them.
    assert "3 problems" in body and "row changed" in body and LINE_HISTORY in body
    assert "signature" not in body  # no head offered from a tampered chain
    assert client_as("buyer").get(url).status_code == 403
    assert client_as("buyer").post(url).status_code == 403


def test_the_command_records_its_runs_for_the_page(line, client_as):
    call_command("verify_history", stdout=io.StringIO())
    body = client_as("auditor").get(reverse("core:history_integrity")).content.decode()
    assert "by manage.py verify_history" in body and "intact" in body


def test_linking_costs_the_same_whatever_the_length_of_the_chain():
    from django.test.utils import CaptureQueriesContext

    def queries_for_one_save():
        with CaptureQueriesContext(connection) as captured:
            LegalEntityFactory()
        return len(captured)

    short = queries_for_one_save()
    LegalEntity.objects.bulk_create([LegalEntity(slug=f"e{i}", name=f"E {i}") for i in range(300)])
    for entity in LegalEntity.objects.all()[:300]:
        entity.save()
    assert HistoryLink.objects.count() > 300
    assert queries_for_one_save() == short


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_unbroken_chain():
    import threading

    from django.db import close_old_connections

    errors, barrier = [], threading.Barrier(6)

    def writer(index):
        try:
            barrier.wait(timeout=30)
            for n in range(5):
                with transaction.atomic():
                    entity = LegalEntityFactory(slug=f"w{index}-{n}", name=f"Writer {index} entity {n}")
                    entity.note = "edited"
                    entity._change_reason = "concurrent edit"
                    entity.save()
        except Exception as exc:  # noqa: BLE001 - collected and asserted on below
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert LegalEntity.history.count() == 60
    seqs = list(HistoryLink.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))
    report = verify_history()
    assert report.ok, report.problems
