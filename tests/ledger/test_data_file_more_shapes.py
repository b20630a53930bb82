"""Shapes of agreement the data file holds beyond the seed's: several release schedules (one per
amendment that added rows), a deleted provision, and the pages that show what the file keeps."""

from datetime import date
from pathlib import Path

import pytest
import yaml
from django.db import transaction
from django.urls import reverse

from contracts.datafile import DataFileError
from contracts.models import Agreement, Amendment, ProvisionVersion
from ledger.exporting import export_agreement
from ledger.loading import load_agreement_file, load_agreement_text
from releases.amending import add_release
from releases.models import Release, ReleaseSchedule
from tests.conftest import SEED_FILE

pytestmark = pytest.mark.django_db


def export():
    return export_agreement(Agreement.objects.get(contract_number="LNM970313MP"))


def _fifth_amendment(agreement):
    return Amendment.objects.create(
        agreement=agreement, number=5, effective_date=date(2000, 6, 1), title="Amendment No. 5", source="test"
    )


def test_an_agreement_with_two_release_schedules_round_trips():
    with transaction.atomic():
        load_agreement_file(SEED_FILE)
        fifth = _fifth_amendment(Agreement.objects.get())
        add_release(
            fifth,
            product_line_name="DDM-2000 OC-3",
            name_as_written="R. 15.0",
            ci_fsa_as_written="",
            ga_as_written="4Q00",
            note="",
            reason="test: a row added by Amendment 5",
        )
        first = export()
        again = load_agreement_text(first, "export.yaml")
        transaction.set_rollback(True)  # back to an empty database
    assert not again.changed, list(again.lines())  # the export describes exactly what is recorded
    schedules = yaml.safe_load(first)["release_schedule"]
    assert [(s["amendment"], s["exhibit"]) for s in schedules] == [(3, "B"), (5, "B")]
    assert schedules[1]["product_lines"][0]["groups"][0]["releases"][0]["ga_as_written"] == "4Q00"
    assert not Agreement.objects.exists()
    load_agreement_text(first, "export.yaml")
    assert ReleaseSchedule.objects.count() == 2
    assert Release.objects.filter(group__product_line__schedule__amendment__number=5).count() == 1
    assert export() == first


def test_the_single_schedule_form_still_reads_and_a_schedule_twice_is_refused(tmp_path):
    data = yaml.safe_load(SEED_FILE.read_text(encoding="utf-8"))
    schedule = data["release_schedule"]
    data["release_schedule"] = [schedule, schedule]
    path = Path(tmp_path) / "twice.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DataFileError, match=r"release_schedule\[1\]: amendment 3 has exhibit 'B' twice"):
        load_agreement_file(path)
    load_agreement_file(SEED_FILE)  # the mapping form
    assert ReleaseSchedule.objects.get().amendment.number == 3


def _with_a_deletion(text, **entry):
    data = yaml.safe_load(text)
    amendment = next(a for a in data["amendments"] if a["number"] == 4)
    amendment["changes"]["provisions"].append(
        {
            "key": "am4-s9-delete-a1-26",
            "part": "Appendix A",
            "section": "A-1.26",
            "title": None,
            "action": "delete",
            "amendment_section": "9",
            "valid_from": None,
            **entry,
        }
    )
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def test_a_deleted_provision_loads_without_text_and_round_trips():
    seed_text = SEED_FILE.read_text(encoding="utf-8")
    load_agreement_text(_with_a_deletion(seed_text), "with-deletion.yaml")
    version = ProvisionVersion.objects.get(action=ProvisionVersion.Action.DELETE)
    assert version.text == "" and version.provision.section == "A-1.26" and version.key == "am4-s9-delete-a1-26"
    first = export()
    entry = next(
        p for a in yaml.safe_load(first)["amendments"] for p in a["changes"]["provisions"] if p["action"] == "delete"
    )
    assert entry["text"] is None and entry["section"] == "A-1.26"
    assert not load_agreement_text(first, "export.yaml").changed


def test_only_a_deletion_may_leave_the_text_out():
    text = _with_a_deletion(SEED_FILE.read_text(encoding="utf-8"), action="replace")
    with pytest.raises(DataFileError, match=r"provisions\[\d+\]\.text: is required"):
        load_agreement_text(text, "no-text.yaml")


def test_the_pages_show_the_preamble_parties_testimonium_note_and_source(client_as, seed):
    client = client_as("buyer")
    amendment = seed.amendments.get(number=2)
    page = client.get(reverse("ledger:amendment_detail", args=[amendment.pk])).content.decode()
    assert "This Amendment Number Two (hereinafter" in page
    assert "IN WITNESS WHEREOF" in page
    assert "Parties</dt>" in page and "KMC Telecom Leasing II LLC" in page
    assert "By: /s/" in page
    page = client.get(reverse("contracts:agreement_detail", args=[seed.pk])).content.decode()
    assert seed.note[:40] in page
    assert "EX-27.1" in page and "Text extraction of an SEC filing" in page
