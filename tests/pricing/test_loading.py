import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from pricing.models import DiscountLine, DiscountRule, DiscountSchedule, DiscountTable, Product, WarrantyTerm
from tests.conftest import SEED_FILE

pytestmark = pytest.mark.django_db


def test_every_table_and_row_loads(seed):
    assert DiscountSchedule.objects.count() == 5
    assert DiscountTable.objects.count() == 7
    # 22 + 6 + 3x3 + 12 + 5 + 1 cells printed in the seed's tables.
    assert DiscountLine.objects.count() == 55
    # One term per product or schedule it names: 2 + 2 + 4 + 2 + 3.
    assert WarrantyTerm.objects.count() == 13


def test_second_run_changes_nothing(seed):
    out = io.StringIO()
    call_command("load_agreement", str(SEED_FILE), stdout=out)
    text = out.getvalue()
    for label in ("discount lines", "products", "warranty terms", "discount rules", "product names"):
        line = next(line for line in text.splitlines() if line.strip().startswith(label))
        assert "0 created, 0 updated" in line, line


def test_retroactive_tables_keep_their_stated_start(seed):
    transmission = DiscountTable.objects.get(key="am2-a1-15-transmission")
    assert str(transmission.valid_from) == "1998-06-30"
    assert transmission.is_retroactive
    fiveess = DiscountTable.objects.get(key="am3-a1-7-5ess")
    assert str(fiveess.valid_from) == "1999-10-01"


def test_no_number_and_zero_rows(seed):
    dacs = DiscountLine.objects.get(product__name="DACS IV 2000 Systems")
    assert dacs.percent is None
    assert dacs.no_number_reason == "see 1.15.1 below"
    slc = DiscountLine.objects.get(product_as_written="SLC(R)-2000 Access System - Software")
    assert slc.percent == Decimal("0")
    assert slc.percent_as_written == "00%"


def test_rules_and_aliases(seed):
    assert DiscountRule.objects.get(kind="cables_percent").percent == Decimal("20")
    assert Product.objects.named("PSAS").get().name == "PathStar(TM) Access Server"
    assert Product.objects.named("BICR").get().name == "ConnectStar(TM) Interworking Call Router"
    assert Product.objects.named("ED8C902-30 G-3").get().name == "Dual 2Fiber OC-48 A/D Ring Term"
    assert Product.objects.named("packetstar connection gateway").get().name == "7 R/E(TM) Connection Gateway"
