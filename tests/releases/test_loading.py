"""Every Exhibit B row of the seed is loaded, with its text exactly as written."""

import io
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

from contracts.datafile import DataFileError
from ledger.loading import load_agreement_file
from releases.models import HEADING_MISSING, ProductLine, Release, ReleaseGroup, ReleaseSchedule

SEED = Path(__file__).resolve().parents[2] / "data" / "kmc_lucent.yaml"


def _yaml_rows():
    data = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    for line_position, line in enumerate(data["release_schedule"]["product_lines"], start=1):
        for group_position, group in enumerate(line["groups"], start=1):
            for position, row in enumerate(group["releases"], start=1):
                yield (line_position, group_position, position), line, group, row


def test_every_row_is_loaded_with_its_text_preserved(seed):
    loaded = {
        (r.group.product_line.position, r.group.position, r.position): r
        for r in Release.objects.select_related("group__product_line")
    }
    rows = list(_yaml_rows())
    assert len(rows) == 206
    assert len(loaded) == len(rows)
    for key, line, group, row in rows:
        release = loaded[key]
        assert release.name_as_written == row["name_as_written"]
        assert release.ci_fsa_as_written == (row["ci_fsa_as_written"] or "")
        assert release.ga_as_written == (row["ga_as_written"] or "")
        assert release.column_ambiguous is row["column_ambiguous"]
        assert release.single_value_as_written == (row["single_value_as_written"] or "")
        assert release.note == (row["note"] or "")
        assert release.group.name == (group["name"] or "")
        assert release.group.product_line.name_as_written == (line["name_as_written"] or "")


def test_ambiguous_rows_keep_their_single_date(seed):
    ambiguous = Release.objects.filter(column_ambiguous=True)
    assert ambiguous.count() == 104
    assert not ambiguous.filter(single_value_as_written="").exists()
    assert not ambiguous.exclude(ci_fsa_as_written="", ga_as_written="").exists()


def test_product_lines_keep_their_order_duplicates_and_the_missing_heading(seed):
    schedule = ReleaseSchedule.objects.get()
    assert (schedule.exhibit, schedule.amendment.number) == ("B", 3)
    assert schedule.schedule_date.isoformat() == "1999-11-15"
    lines = list(schedule.product_lines.all())
    assert len(lines) == 34
    assert [line.name for line in lines].count("FT-2000 OC-48") == 2
    missing = ProductLine.objects.get(name=HEADING_MISSING)
    assert missing.name_as_written == ""
    assert "HEADING MISSING" in missing.note
    sess = ProductLine.objects.get(name_as_written="SESS ANYMEDIA SWITCH")
    assert sess.name == "5ESS ANYMEDIA SWITCH"
    coppercom = ProductLine.objects.get(name="COPPERCOM GATEWAY")
    assert "Voice" in set(coppercom.groups.values_list("name", flat=True))


def test_a_second_load_changes_nothing(seed):
    out = io.StringIO()
    call_command("load_agreement", str(SEED), stdout=out)
    for label in ("release schedules", "product lines", "release groups", "releases"):
        line = next(x for x in out.getvalue().splitlines() if x.startswith(f"{label}:"))
        assert " 0 created, 0 updated" in line, line
    assert Release.history.count() == 206
    assert ReleaseGroup.objects.count() == ReleaseGroup.history.count()


def test_a_bad_date_in_the_exhibit_stops_the_load_and_names_the_row(tmp_path, db):
    text = SEED.read_text(encoding="utf-8").replace('ga_as_written: "9/15/00"', 'ga_as_written: "9/31/00"', 1)
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        load_agreement_file(bad)
    messages = [str(e) for e in caught.value.errors]
    assert any("release_schedule.product_lines[" in m and "ga_as_written" in m and "no day 31" in m for m in messages)
    assert not Release.objects.exists()


def test_an_ambiguous_row_with_a_column_value_is_rejected(tmp_path, db):
    data = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    row = data["release_schedule"]["product_lines"][0]["groups"][0]["releases"][0]
    row["column_ambiguous"] = True
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        load_agreement_file(bad)
    paths = [e.path for e in caught.value.errors]
    assert "release_schedule.product_lines[0].groups[0].releases[0].single_value_as_written" in paths
