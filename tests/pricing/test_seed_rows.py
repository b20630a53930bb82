"""Every discount cell of the seed, priced on the first day of its validity and on the day before."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from pricing.results import Outcome

D = Decimal
A15 = (2, "5(B)", "A-1.15", date(1998, 6, 30), Outcome.UNKNOWN)  # replaced a table not in the filing
A22 = (2, "6.1", "A-1.22", date(1998, 12, 22), Outcome.NOT_APPLICABLE)  # new section
A7 = (3, "4", "A-1.7", date(1999, 10, 1), Outcome.UNKNOWN)  # replaced a table not in the filing
A22X = (3, "4", "A-1.22", date(1999, 11, 15), Outcome.NOT_APPLICABLE)  # rows added later
A15X = (3, "4", "A-1.15", date(1999, 11, 15), Outcome.NOT_APPLICABLE)
A25 = (3, "4", "A-1.25", date(1999, 11, 15), Outcome.NOT_APPLICABLE)

INITIAL = {"condition": "initial_switch"}
LARGE = {"condition": "growth", "stsx1_cards_added": 7}
PERIPHERAL = {"condition": "growth", "stsx1_cards_added": 6}

# (row as written, what the buyer states, percent printed (None: no number), table)
ROWS = [
    ("DDM PLUS", {}, D("27"), A15),
    ("DDM-2000 FiberReach OC-1", {}, D("25"), A15),
    ("DDM-2000 OC-3 hardware & Software", {}, D("45"), A15),
    ("DDM-2000 OC-12 Shelf", {}, D("85"), A15),
    ("DDM-2000 OC-12 Commons", {}, D("43"), A15),
    ("DDM-2000 OC-12 Optics", {}, D("50"), A15),
    ("DDM-2000 OC-12 Software", {}, D("43"), A15),
    ("Dual 2Fiber OC-48 A/D Ring Term", {"condition": "full_configuration"}, D("70"), A15),
    ("FT-2000 OC-48 Lightwave System Commons (spares)", {}, D("50"), A15),
    ("FT-2000 OC-48 Low Speed Cards (DS3, IS3, OC-3, OC-12)", {}, D("40"), A15),
    ("FT-2000 OC-48 Lightwave System Optics", {}, D("65"), A15),
    ("FT-2000 OC-48 Lightwave System Software", {}, D("65"), A15),
    ("SLC(R)-2000 Multi Services Distant Terminals (MSDT)", {}, D("35"), A15),
    ("SLC(R)-2000 Access System - Common Units", {}, D("40"), A15),
    ("SLC(R)-2000 Access System - POTS/SPOTS Units", {}, D("35"), A15),
    ("SLC(R)-2000 Access System - Special Service Units", {}, D("40"), A15),
    ("SLC(R)-2000 Access System - Software", {}, D("0"), A15),
    ("SLC(R)-SERIES 5 Carrier System - Common Units", {}, D("35"), A15),
    ("SLC(R)-SERIES 5 Carrier System - POTS/SPOTS Units", {}, D("35"), A15),
    ("SLC(R)-SERIES 5 Carrier System - Special Service Units", {}, D("35"), A15),
    ("DACS IV 2000 Systems", {}, None, A15),
    ("DACS II Systems (hardware & Software)", {}, D("27"), A15),
    ("PacketStar(TM) Access Concentrator 10", {}, D("30"), A22),
    ("PacketStar(TM) Access Concentrator 60", {}, D("40"), A22),
    ("PacketStar(TM) Access Concentrator 120", {}, D("40"), A22),
    ("PathStar(TM) Access Server (PSAS)", {}, D("40"), A22),
    ("PortMaster(R) 4 Integrated Access Concentrator (PM4)", {}, D("30"), A22),
    ("PacketStar(TM) IP GateWay 1000", {}, D("25"), A22),
    ("5ESS Switch", INITIAL, D("83"), A7),
    ("5ESS Switch", LARGE, D("77"), A7),
    ("5ESS Switch", PERIPHERAL, D("25"), A7),
    ("5ESS CDX Switch", INITIAL, D("83"), A7),
    ("5ESS CDX Switch", LARGE, D("77"), A7),
    ("5ESS CDX Switch", PERIPHERAL, D("25"), A7),
    ("5ESS VCDX Switch", INITIAL, D("83"), A7),
    ("5ESS VCDX Switch", LARGE, D("77"), A7),
    ("5ESS VCDX Switch", PERIPHERAL, D("25"), A7),
    ("MAX TNT(TM) WAN Access Switch", {}, D("30"), A22X),
    ("PacketStar(TM) PSAX 2300 Access Concentrator", {}, D("45"), A22X),
    ("GX 550(TM) Smart Core ATM Switch", {}, D("35"), A22X),
    ("Stinger(TM) DSL Access Concentrator", {}, D("35"), A22X),
    ("Copper Mountain CopperEdge(TM) 200*", {}, D("32"), A22X),
    ("Copper Mountain CopperEdge(TM) 150*", {}, D("32"), A22X),
    ("PacketStar(TM) PSAX 50 Broadband Service Unit", {}, D("35"), A22X),
    ("PacketStar(TM) PSAX 100 Broadband Service Unit", {}, D("35"), A22X),
    ("PacketStar(TM) PSAX 600 Broadband Service Concentrator", {}, D("35"), A22X),
    ("Cajun(TM) 330R Stackable Switching System", {}, D("35"), A22X),
    ("Cajun(TM) 550R Stackable Switching System", {}, D("35"), A22X),
    ("ConnectStar(TM) Interworking Call Router", {}, D("35"), A22X),
    ("CopperCom Gateway(TM) *", {}, D("19"), A15X),
    ("CopperCom MXR(TM) *", {}, D("19"), A15X),
    ("VINA ConnectReach *", {}, D("50"), A15X),
    ("VINA ConnectReach Plus *", {}, D("40"), A15X),
    ("7 R/E(TM) Connection Gateway", {}, D("50"), A15X),
    ("WaveStar(TM) TDM 2.5G", {}, D("50"), A25),
]
LIST = D("1000.00")


def test_the_table_covers_every_seed_cell(catalog):
    assert len(catalog.lines) == len(ROWS)


@pytest.mark.parametrize(("row", "conditions", "percent", "table"), ROWS)
def test_row_on_first_day_of_validity(price, row, conditions, percent, table):
    amendment, section, schedule, valid_from, _ = table
    result = price(row, on=valid_from, list_price=LIST, buyer=None, **conditions)
    assert result.clause.amendment_number == amendment
    assert result.clause.amendment_section == section
    assert result.clause.schedule_section == schedule
    if percent is None:
        assert result.outcome is Outcome.NO_NUMBER
        assert result.percent is None and result.extended_net is None
    else:
        assert result.outcome is Outcome.PRICED
        assert result.percent == percent
        assert result.extended_net == LIST * (100 - percent) / 100


@pytest.mark.parametrize(("row", "conditions", "percent", "table"), ROWS)
def test_row_on_the_day_before_validity(price, row, conditions, percent, table):
    *_, valid_from, before = table
    result = price(row, on=valid_from - timedelta(days=1), list_price=LIST, buyer=None, **conditions)
    assert result.outcome is before
    assert result.percent is None
    assert result.extended_net is None
    if before is Outcome.UNKNOWN:
        assert "not in the documents" in " ".join(result.warnings)
