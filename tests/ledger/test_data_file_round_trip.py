"""The data file round-trips: export → load into an empty database → export gives the same bytes,
rows are matched by key (never by position), unknown keys are refused with their place, and rows
removed from the file are reported, and deleted only with --prune."""

import io
from copy import deepcopy
from datetime import date
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command
from django.db import transaction

from contracts.datafile import DataFileError
from contracts.models import Agreement
from ledger.exporting import export_agreement
from ledger.loading import load_agreement_file, load_agreement_text
from pricing.models import DiscountLine, DiscountRule
from releases.models import ForecastRevision, ProductLine, Release, ReleaseGroup, Remedy
from tests.conftest import SEED_FILE
from tests.factories import ForecastRevisionFactory, RemedyFactory

pytestmark = pytest.mark.django_db


def seed_data():
    return yaml.safe_load(SEED_FILE.read_text(encoding="utf-8"))


def write(tmp_path, data, name="agreement.yaml"):
    path = Path(tmp_path) / name
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def export():
    return export_agreement(Agreement.objects.get(contract_number="LNM970313MP"))


def test_export_loaded_into_an_empty_database_exports_the_same_bytes():
    with transaction.atomic():
        load_agreement_file(SEED_FILE)
        first = export()
        again = load_agreement_text(first, "export.yaml")
        transaction.set_rollback(True)  # back to an empty database
    assert not again.changed, list(again.lines())  # the export describes exactly what the seed loaded
    assert not Agreement.objects.exists()
    load_agreement_text(first, "export.yaml")
    assert export() == first


def test_export_keeps_values_blanks_and_real_zero(seed):
    data = yaml.safe_load(export())
    am3 = next(a for a in data["amendments"] if a["number"] == 3)
    assert any(s["date"] is None and s["date_as_written"] for s in am3["signatures"])  # a blank date as written
    cells = [c for t in data["discount_tables"] for r in t["rows"] for c in r["cells"]]
    assert any(c["percent"] == "0" for c in cells)  # a real 0%, not unknown
    assert any(c["percent"] is None and c["no_number_reason"] for c in cells)  # "see 1.15.1 below"
    assert all(isinstance(t["footnotes"], list) for t in data["discount_tables"])
    release_keys = [
        r["key"] for pl in data["release_schedule"]["product_lines"] for g in pl["groups"] for r in g["releases"]
    ]
    assert len(release_keys) == Release.objects.count() and "" not in release_keys


def test_export_agreement_command_writes_the_file(seed, tmp_path):
    target = Path(tmp_path) / "out.yaml"
    call_command("export_agreement", "LNM970313MP", "-o", str(target), stdout=io.StringIO())
    assert target.read_text(encoding="utf-8") == export()
    with pytest.raises(CommandError, match="no agreement"):
        call_command("export_agreement", "NOPE", stdout=io.StringIO())


def test_seed_rows_carry_the_keys_the_file_gives(seed):
    data = seed_data()
    first_line = data["release_schedule"]["product_lines"][0]
    assert ProductLine.objects.filter(key=first_line["key"]).exists()
    assert Release.objects.filter(key="r-3-0-w-upsr-ring-termination").count() == 1
    assert DiscountRule.objects.filter(key="excludes-2").exists()
    assert not DiscountLine.objects.filter(key="").exists()


def _release_by_key(line_key, release_key):
    return Release.objects.get(group__product_line__key=line_key, key=release_key)


def test_inserting_rows_in_the_middle_keeps_recorded_facts_on_their_own_release(seed, tmp_path):
    data = seed_data()
    line = data["release_schedule"]["product_lines"][0]
    releases = line["groups"][0]["releases"]
    later = releases[2]  # the third row; recorded facts go on it
    release = _release_by_key(line["key"], later["key"])
    release.ga_actual_date, release.need_by_date = date(2000, 3, 20), date(2000, 2, 1)
    release.save()
    revision = ForecastRevisionFactory(release=release, forecast_as_written="4/00")
    remedy = RemedyFactory(release=release)
    table = data["discount_tables"][0]
    moved = table["rows"][3]
    line_before = DiscountLine.objects.get(table__key=table["key"], key=moved["key"])

    inserted = deepcopy(releases[0]) | {"key": "r-1-5", "name_as_written": "R. 1.5", "ga_as_written": "6/99"}
    releases.insert(1, inserted)
    new_row = deepcopy(table["rows"][0]) | {"key": "ddm-plus-new", "product_as_written": "DDM PLUS NEW"}
    new_row["product"] = "DDM PLUS NEW"
    table["rows"].insert(1, new_row)
    load_agreement_file(write(tmp_path, data))

    release.refresh_from_db()
    assert release.position == 4 and release.name_as_written == later["name_as_written"]
    assert release.ga_actual_date == date(2000, 3, 20) and release.need_by_date == date(2000, 2, 1)
    assert ForecastRevision.objects.get(pk=revision.pk).release_id == release.pk
    assert Remedy.objects.get(pk=remedy.pk).release_id == release.pk
    newcomer = _release_by_key(line["key"], "r-1-5")
    assert newcomer.position == 2 and newcomer.ga_actual_date is None and not newcomer.revisions.exists()
    line_after = DiscountLine.objects.get(pk=line_before.pk)
    assert line_after.key == moved["key"] and line_after.position == line_before.position + 1
    assert line_after.percent == line_before.percent and line_after.product_as_written == moved["product_as_written"]


def test_a_row_without_a_key_gets_one_from_its_text(seed, tmp_path):
    data = seed_data()
    releases = data["release_schedule"]["product_lines"][0]["groups"][0]["releases"]
    releases.append({k: v for k, v in releases[0].items() if k != "key"} | {"name_as_written": "R. 9.9 Extra"})
    load_agreement_file(write(tmp_path, data))
    assert Release.objects.filter(key="r-9-9-extra").exists()


@pytest.mark.parametrize(
    ("edit", "place"),
    [
        (lambda d: d.update(colour="red"), "colour: unknown key 'colour'"),
        (
            lambda d: d["release_schedule"]["product_lines"][0]["groups"][0]["releases"][1].update(ga_as_writen="4/99"),
            "release_schedule.product_lines[0].groups[0].releases[1].ga_as_writen: unknown key 'ga_as_writen'; "
            "did you mean 'ga_as_written'?",
        ),
        (
            lambda d: d["discount_tables"][0]["rows"][2].update(precent="27"),
            "discount_tables[0].rows[2].precent: unknown key 'precent'",
        ),
        (
            lambda d: d["discount_tables"][0]["rows"][2]["cells"][0].update(colum="DISCOUNT"),
            "discount_tables[0].rows[2].cells[0].colum: unknown key 'colum'; did you mean 'column'?",
        ),
        (lambda d: d["amendments"][1]["signatures"][0].update(dat="x"), "amendments[1].signatures[0].dat"),
        (lambda d: d["entities"][0].update(nmae="x"), "entities[0].nmae: unknown key 'nmae'; did you mean 'name'?"),
    ],
)
def test_unknown_keys_are_refused_with_their_place(tmp_path, edit, place):
    data = seed_data()
    edit(data)
    with pytest.raises(DataFileError) as error:
        load_agreement_file(write(tmp_path, data))
    assert place in str(error.value)
    assert "line " in str(error.value)
    assert not Agreement.objects.exists()


def test_duplicate_and_malformed_keys_are_refused(tmp_path):
    data = seed_data()
    releases = data["release_schedule"]["product_lines"][0]["groups"][0]["releases"]
    releases[1]["key"] = releases[0]["key"]
    data["discount_tables"][0]["rows"][1]["key"] = "Not A Key"
    with pytest.raises(DataFileError) as error:
        load_agreement_file(write(tmp_path, data))
    message = str(error.value)
    assert "releases[1].key: duplicate key 'r-1-0'" in message
    assert "rows[1].key: 'Not A Key' is not a key" in message


def _without_second_release(data):
    releases = data["release_schedule"]["product_lines"][0]["groups"][0]["releases"]
    return releases.pop(1)


def test_a_removed_row_is_reported_and_kept_without_prune(seed, tmp_path):
    data = seed_data()
    gone = _without_second_release(data)
    out = io.StringIO()
    call_command("load_agreement", str(write(tmp_path, data)), stdout=out)
    assert f"not in the file: release {gone['key']}" in out.getvalue()
    assert Release.objects.filter(key=gone["key"], group__product_line__position=1).exists()


def test_prune_removes_it_through_the_deletion_path_with_a_reason(seed, tmp_path):
    data = seed_data()
    gone = _without_second_release(data)
    release = Release.objects.get(key=gone["key"], group__product_line__position=1)
    report = load_agreement_file(write(tmp_path, data), prune=True)
    assert [r.key for r in report.removed] == [gone["key"]]
    assert not Release.objects.filter(pk=release.pk).exists()
    deleted = Release.history.filter(id=release.pk, history_type="-").get()
    assert "removed from the file (--prune)" in deleted.history_change_reason


def test_prune_refuses_when_recorded_data_depends_on_the_row(seed, tmp_path):
    data = seed_data()
    gone = _without_second_release(data)
    release = Release.objects.get(key=gone["key"], group__product_line__position=1)
    ForecastRevisionFactory(release=release)
    data["release_schedule"]["title"] = "CHANGED TITLE"
    with pytest.raises(CommandError, match="cannot remove release r-2-0.*forecast revision"):
        call_command("load_agreement", str(write(tmp_path, data)), "--prune", stdout=io.StringIO())
    assert Release.objects.filter(pk=release.pk).exists()
    assert not ReleaseGroup.objects.filter(product_line__schedule__title="CHANGED TITLE").exists()


def test_new_records_get_a_key_when_blank(seed):
    group = Release.objects.get(key="r-1-0", group__product_line__position=1).group
    made = Release.objects.create(group=group, position=99, name_as_written="R. 1.0")
    assert made.key == "r-1-0-2"
    line = DiscountLine.objects.filter(key="ddm-plus").first()
    copy = DiscountLine(
        table=line.table,
        amendment=line.amendment,
        position=99,
        column=line.column,
        product=line.product,
        product_as_written="DDM PLUS",
        percent=line.percent,
        valid_from=date(2030, 1, 1),
    )
    copy.full_clean()
    assert copy.key == "ddm-plus-2"
