"""A broken pricing section is refused with every problem named by its place in the file."""

import copy

import pytest
import yaml

from contracts.datafile import DataFileError
from ledger.loading import load_agreement_file
from pricing.models import DiscountLine
from tests.conftest import SEED_FILE

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seed_data():
    return yaml.safe_load(SEED_FILE.read_text(encoding="utf-8"))


def load_changed(tmp_path, data, change):
    data = copy.deepcopy(data)
    change(data)
    path = tmp_path / "changed.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return load_agreement_file(path)


def _cell(data):
    return data["discount_tables"][0]["rows"][0]["cells"][0]


@pytest.mark.parametrize(
    ("change", "place", "words"),
    [
        (lambda d: _cell(d).update(percent="127"), "discount_tables[0].rows[0].cells[0].percent", "outside"),
        (lambda d: _cell(d).update(percent=27.5), "discount_tables[0].rows[0].cells[0].percent", "float"),
        (
            lambda d: _cell(d).update(percent=None, no_number_reason=None),
            "discount_tables[0].rows[0].cells[0].no_number_reason",
            "needs its no_number_reason",
        ),
        (lambda d: d["discount_tables"][0].update(amendment=9), "discount_tables[0].amendment", "no amendment"),
        (lambda d: d["discount_tables"][0].update(action="merge"), "discount_tables[0].action", "not one of"),
        (
            lambda d: d["discount_tables"][0]["rows"][0].update(component="gizmo"),
            "discount_tables[0].rows[0].component",
            "not one of",
        ),
        (lambda d: d["warranty_terms"][0].update(applies_to=["Nothing"]), "warranty_terms[0].applies_to", "names no"),
    ],
)
def test_bad_pricing_data_is_refused_with_its_place(db, tmp_path, seed_data, change, place, words):
    with pytest.raises(DataFileError) as error:
        load_changed(tmp_path, seed_data, change)
    assert any(e.path == place and words in e.message for e in error.value.errors), error.value.errors
    assert DiscountLine.objects.count() == 0
