"""Back up, destroy, restore: the data is back and the history chain verifies (SQLite and PostgreSQL)."""

import io
import json

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import connection

from contracts.models import LegalEntity
from core.history_guard import remove_history_guards
from core.models import HistoryLink
from core.tamper import verify_history
from pricing.models import DiscountLine
from tests.factories import DiscountLineFactory, LegalEntityFactory

# Real transactions: the backup must see committed data, and a restore replaces the whole database.
pytestmark = pytest.mark.django_db(transaction=True)


def _state():
    return {
        "entities": sorted(LegalEntity.objects.values_list("slug", "name")),
        "lines": sorted(DiscountLine.objects.values_list("pk", "percent")),
        "history": LegalEntity.history.count() + DiscountLine.history.count(),
        "links": HistoryLink.objects.count(),
        "groups": sorted(Group.objects.values_list("name", flat=True)),
    }


def test_backup_destroy_restore_verify(tmp_path, buyer_user):
    for i in range(5):
        LegalEntityFactory(name=f"Kept {i} Inc.")
    DiscountLineFactory()
    assert verify_history().ok
    before = _state()
    head = io.StringIO()
    call_command("verify_history", "--export-head", stdout=head)
    (tmp_path / "head.json").write_text(head.getvalue())

    backup = tmp_path / "ledgerline.backup"
    out = io.StringIO()
    call_command("backup", str(backup), stdout=out)
    assert backup.stat().st_size > 0 and f"head #{json.loads(head.getvalue())['seq']}" in out.getvalue()
    with pytest.raises(CommandError, match="exists"):
        call_command("backup", str(backup))

    # Disaster: someone with the database drops the guards, deletes records, history and the chain.
    remove_history_guards(apps, connection)
    with connection.cursor() as cursor:
        for table in ("core_historylink", "contracts_historicallegalentity"):
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608
        cursor.execute("DELETE FROM contracts_legalentity WHERE name LIKE 'Kept%%'")
    assert not verify_history().ok

    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(backup))
    restored = io.StringIO()
    call_command("restore", str(backup), "--force", stdout=restored)
    assert "history verified" in restored.getvalue()

    assert _state() == before
    report = verify_history(expect_head=json.loads((tmp_path / "head.json").read_text()))
    assert report.ok, report.problems
    call_command("verify_history", "--expect-head", str(tmp_path / "head.json"), stdout=io.StringIO())
    # The restored database is guarded again (the guards are part of the backup).
    with pytest.raises(Exception, match="append-only"), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_historylink")


def test_restore_refuses_what_is_not_a_backup(tmp_path):
    junk = tmp_path / "junk.backup"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(CommandError):
        call_command("restore", str(junk), "--force")
    with pytest.raises(CommandError, match="No backup file"):
        call_command("restore", str(tmp_path / "missing.backup"), "--force")
    assert verify_history().ok  # nothing was touched
