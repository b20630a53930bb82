"""`load_agreement`: validated first, all-or-nothing, idempotent, history says where from."""

import io
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from contracts.models import (
    Agreement,
    Amendment,
    CustomerMembership,
    EntityName,
    LegalEntity,
    Provision,
    ProvisionVersion,
    Signature,
    TermVersion,
)
from tests.conftest import SEED_FILE

AUDITED = [
    Agreement,
    Amendment,
    CustomerMembership,
    EntityName,
    LegalEntity,
    Provision,
    ProvisionVersion,
    Signature,
    TermVersion,
]

pytestmark = pytest.mark.django_db


def load(path, **options):
    out = io.StringIO()
    call_command("load_agreement", str(path), stdout=out, **options)
    return out.getvalue()


def seed_data():
    return yaml.safe_load(SEED_FILE.read_text(encoding="utf-8"))


def write(tmp_path, data, name="agreement.yaml"):
    path = Path(tmp_path) / name
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def history_count():
    return sum(model.history.count() for model in AUDITED)


def test_seed_loads_everything_the_documents_say():
    load(SEED_FILE)
    agreement = Agreement.objects.get()
    assert agreement.contract_number == "LNM970313MP"
    assert str(agreement.effective_date) == "1997-03-06"
    assert agreement.seller.name == "Lucent Technologies Inc."
    assert agreement.seller_division == "Global Service Providers Group"
    assert [a.number for a in agreement.amendments.all()] == [1, 2, 3, 4]
    one = Amendment.objects.get(number=1)
    assert not one.text_available and str(one.effective_date) == "1997-10-15"
    assert one.contract_number == "LNM970922MP"
    assert "LNM 970922MP" in one.contract_number_as_written
    assert LegalEntity.objects.count() == 18
    assert CustomerMembership.objects.filter(added_by__isnull=False).count() == 6
    assert CustomerMembership.objects.filter(evidenced_by__number=2).count() == 4
    assert TermVersion.objects.get().expiry_date.isoformat() == "2003-03-05"
    assert Signature.objects.filter(amendment__number=2).count() == 8
    # Blank signature dates stay blank; the misspelt signatory stays as written.
    assert not Signature.objects.filter(amendment__number=3, date__isnull=False).exists()
    assert Signature.objects.filter(amendment__number=3, signatory="Michael A. Stenberg").exists()


def test_retroactive_provisions_keep_their_own_validity():
    load(SEED_FILE)
    transmission = ProvisionVersion.objects.get(provision__section="A-1.15", action="replace")
    assert transmission.valid_from.isoformat() == "1998-06-30"
    assert transmission.amendment.number == 2 and transmission.is_retroactive
    five_ess = ProvisionVersion.objects.get(provision__section="A-1.7")
    assert five_ess.valid_from.isoformat() == "1999-10-01" and five_ess.is_retroactive


def test_second_run_changes_nothing_and_writes_no_history():
    load(SEED_FILE)
    before = history_count()
    output = load(SEED_FILE)
    assert "nothing changed" in output
    assert history_count() == before


def test_every_history_row_names_its_source_and_user(django_user_model):
    loader = django_user_model.objects.create_user("loader")
    load(SEED_FILE, user="loader")
    for model in AUDITED:
        for row in model.history.all():
            assert row.history_user_id == loader.pk
            assert row.history_change_reason.startswith("load_agreement kmc_lucent.yaml: ")
    # One row per record: parents are written before subsidiaries, not patched afterwards.
    assert LegalEntity.history.count() == LegalEntity.objects.count()


def test_a_corrected_file_updates_only_what_changed(tmp_path):
    load(SEED_FILE)
    data = seed_data()
    data["amendments"][3]["note"] = "Corrected note."
    output = load(write(tmp_path, data))
    assert "amendments: 0 created, 1 updated, 3 unchanged" in output
    changed = Amendment.history.filter(number=4).order_by("-history_id").first()
    assert changed.history_change_reason == "load_agreement agreement.yaml: amendments[3]"


def test_unknown_user_is_refused():
    with pytest.raises(CommandError, match="--user: no user named 'nobody'"):
        load(SEED_FILE, user="nobody")


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (
            lambda d: d["amendments"][2].update(effective_date="1999-02-30"),
            "amendments[2].effective_date: '1999-02-30' is not a valid date (YYYY-MM-DD)",
        ),
        (lambda d: d["amendments"][2].pop("effective_date"), "amendments[2].effective_date: is required"),
        (
            lambda d: d["agreement"].update(seller="nobody"),
            "agreement.seller: no entity has the key 'nobody'",
        ),
        (lambda d: d["entities"][1].update(key=d["entities"][0]["key"]), "entities[1].key: duplicate key"),
        (
            lambda d: d["entities"][2].update(legal_form="partnership"),
            "entities[2].legal_form: 'partnership'",
        ),
        (
            lambda d: d["amendments"][1]["changes"]["provisions"][0].update(action="rewrite"),
            "amendments[1].changes.provisions[0].action: 'rewrite' is not one of",
        ),
        (
            lambda d: d["amendments"][1]["changes"]["customers_added"][0].update(entity="kmc-telecom-x"),
            "amendments[1].changes.customers_added[0].entity: no entity has the key 'kmc-telecom-x'",
        ),
        (
            lambda d: d["amendments"][0].update(number="one"),
            "amendments[0].number: 'one' is not a whole number",
        ),
        (lambda d: d["amendments"][1].update(number=1), "amendments[1].number: amendment 1 appears twice"),
        (lambda d: d.update(amendments={"not": "a list"}), "amendments: expected a list, found dict"),
        (lambda d: d["entities"][0].update(name="x" * 201), "entities[0].name: is 201 characters long"),
    ],
    ids=[
        "bad-date",
        "missing-field",
        "unknown-ref",
        "duplicate-key",
        "bad-choice",
        "bad-action",
        "unknown-customer",
        "not-a-number",
        "duplicate-amendment",
        "wrong-type",
        "too-long",
    ],
)
def test_invalid_files_are_refused_with_the_place_and_nothing_is_written(tmp_path, mutate, expected):
    data = seed_data()
    mutate(data)
    with pytest.raises(CommandError) as error:
        load(write(tmp_path, data))
    assert expected in str(error.value)
    assert not Agreement.objects.exists() and not LegalEntity.objects.exists()


def test_every_problem_is_reported_at_once(tmp_path):
    data = seed_data()
    data["entities"][2]["legal_form"] = "partnership"
    data["entities"][3]["jurisdiction"] = ["not", "text"]
    with pytest.raises(CommandError) as error:
        load(write(tmp_path, data))
    assert "2 problem(s)" in str(error.value)


def test_a_rule_broken_while_writing_rolls_everything_back(tmp_path):
    """Validation that needs the database (an amendment before its agreement) fails mid-load."""
    data = seed_data()
    data["amendments"][3]["effective_date"] = "1990-01-01"
    with pytest.raises(CommandError, match="amendments\\[3\\].effective_date: An amendment cannot take effect"):
        load(write(tmp_path, data))
    assert LegalEntity.objects.count() == 0
    assert LegalEntity.history.count() == 0


def test_parent_cycles_are_refused(tmp_path):
    data = seed_data()
    first, second = data["entities"][0], data["entities"][1]
    first["parent"], second["parent"] = second["key"], first["key"]
    with pytest.raises(CommandError, match="parents form a cycle"):
        load(write(tmp_path, data))


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("agreement: [unclosed", "line 1, column 21: not valid YAML"),
        ("", "the file must contain a YAML mapping"),
        ("- just\n- a list\n", "the file must contain a YAML mapping"),
        ("entities: []\n", "agreement: is required"),
    ],
    ids=["syntax", "empty", "list", "incomplete"],
)
def test_malformed_files(tmp_path, content, expected):
    path = Path(tmp_path) / "broken.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError) as error:
        load(path)
    assert expected in str(error.value)


def test_missing_and_binary_files(tmp_path):
    with pytest.raises(CommandError, match="file not found"):
        load(Path(tmp_path) / "absent.yaml")
    binary = Path(tmp_path) / "binary.yaml"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(CommandError, match="not UTF-8 text"):
        load(binary)
