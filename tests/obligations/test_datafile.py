"""The obligations section of the data file: loaded from the seed, exported back, refused when wrong."""

from decimal import Decimal

import pytest

from contracts.datafile import DataFileError
from ledger.exporting import agreement_data
from ledger.loading import load_agreement_text
from obligations.models import Commitment, TrainingIncentive
from tests.conftest import SEED_FILE

pytestmark = pytest.mark.django_db


def test_seed_loads_the_training_rule_and_every_commitment(seed):
    incentive = TrainingIncentive.objects.get(agreement=seed)
    assert (incentive.section, incentive.threshold, incentive.seats_per_threshold) == ("A-1.24", Decimal("1250000"), 2)
    assert incentive.use_within_months == 12
    assert incentive.clause.key == "am2-s6-3-a1-24"
    assert [g.clause for g in incentive.groups.all()] == ["A-1.24(a)", "A-1.24(b)"]
    assert incentive.groups.get(key="b").product_list == [
        "PortMaster(R) 4 Integrated Access Concentrator",
        "PacketStar(TM) Access Concentrator 60",
        "PacketStar(TM) Access Concentrator 120",
    ]
    kinds = set(Commitment.objects.filter(agreement=seed).values_list("kind", flat=True))
    assert kinds == set(Commitment.Kind.values)
    am2 = Commitment.objects.get(key="am2-exclusive-procurement")
    assert (am2.tier_iii_cities, am2.tier_iv_cities, am2.amendment.number) == (27, 100, 2)
    assert am2.obligor_entities == ["kmc-telecom-iii", "kmc-telecom-leasing-iii"]
    am3 = Commitment.objects.get(key="am3-exclusive-procurement")
    assert (am3.tier_iii_cities, am3.tier_iv_cities) == (9, 98)
    assert Commitment.objects.get(key="am3-minimum-savings").percent == Decimal("20")


def test_the_export_writes_the_section_as_the_seed_has_it(seed):
    import yaml

    written = yaml.safe_load(SEED_FILE.read_text())["obligations"]
    exported = agreement_data(seed)["obligations"]
    assert exported["training_incentives"][0]["threshold"] == written["training_incentives"][0]["threshold"]
    assert [c["key"] for c in exported["commitments"]] == [c["key"] for c in written["commitments"]]
    assert exported["training_incentives"][0]["groups"] == written["training_incentives"][0]["groups"]


def _file_with(section):
    text = SEED_FILE.read_text()
    head, _, _ = text.partition("\nobligations:\n")
    return head + "\n" + section


def test_a_bad_rule_is_refused_with_its_place(db):
    bad = """obligations:
  training_incentives:
  - key: "a1-24"
    amendment: 2
    section: "A-1.24"
    threshold: 1250000.5
    seats_per_threshold: 0
    use_within_months: 12
    groups:
    - key: "a"
      clause: "A-1.24(a)"
      products: []
  commitments:
  - key: "x"
    kind: "promise"
    obligor: customer
    obligor_entities: ["no-such-entity"]
    title: "x"
    amendment: 2
    summary: "x"
"""
    with pytest.raises(DataFileError) as raised:
        load_agreement_text(_file_with(bad), "bad.yaml")
    messages = "\n".join(str(e) for e in raised.value.errors)
    assert "obligations.training_incentives[0].threshold" in messages
    assert "obligations.training_incentives[0].seats_per_threshold" in messages
    assert "obligations.training_incentives[0].groups[0].products" in messages
    assert "obligations.commitments[0].kind" in messages
    assert "no-such-entity" in messages
    assert not TrainingIncentive.objects.exists()


def test_a_provision_the_agreement_lacks_stops_the_load(db):
    section = """obligations:
  commitments:
  - key: "x"
    kind: notice
    obligor: both
    title: "x"
    amendment: 2
    provision: "no-such-provision"
    summary: "x"
"""
    with pytest.raises(DataFileError, match="no-such-provision"):
        load_agreement_text(_file_with(section), "bad.yaml")
    assert not Commitment.objects.exists()
