"""The words a generated agreement is made of, taken from the seed (`data/kmc_lucent.yaml`).

Names are the seed's own, so a search that finds rows of the seed ("5ESS", "KMC Telecom", "DDM-2000",
"PathStar") finds many rows of the portfolio too: the scale a real search meets.
"""

from decimal import Decimal

from pricing.choices import Component, Condition, RuleKind

STATES = (
    "Alabama",
    "Arizona",
    "Arkansas",
    "California",
    "Colorado",
    "Connecticut",
    "Delaware",
    "Florida",
    "Georgia",
    "Idaho",
    "Illinois",
    "Indiana",
    "Iowa",
    "Kansas",
    "Kentucky",
    "Louisiana",
    "Maine",
    "Maryland",
    "Michigan",
    "Minnesota",
    "Mississippi",
    "Missouri",
    "Montana",
    "Nebraska",
    "Nevada",
    "New Jersey",
    "New Mexico",
    "New York",
    "North Carolina",
    "Ohio",
    "Oklahoma",
    "Oregon",
    "Pennsylvania",
    "South Carolina",
    "Tennessee",
    "Texas",
    "Utah",
    "Virginia",
    "Washington",
    "Wisconsin",
)

# The company a customer group is named after. "KMC" comes up often, as in the seed, so that
# "KMC Telecom" names thousands of entities of the portfolio.
STEMS = (
    "KMC",
    "KMC",
    "Allegiance",
    "Birch",
    "Cardinal",
    "Keystone",
    "Mountain",
    "Piedmont",
    "Pioneer",
    "Summit",
    "Tidewater",
    "XYZ",
)

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
ORDINALS = (
    "ONE",
    "TWO",
    "THREE",
    "FOUR",
    "FIVE",
    "SIX",
    "SEVEN",
    "EIGHT",
    "NINE",
    "TEN",
    "ELEVEN",
    "TWELVE",
    "THIRTEEN",
    "FOURTEEN",
)
SIGNATORIES = (
    ("Michael A. Sternberg", "President"),
    ("Harold E. Lynch", "Vice President"),
    ("Ann B. Carter", "Chief Financial Officer"),
    ("Roscoe C. Young II", "Vice President, Sales"),
    ("Dana K. Whitfield", "Contract Manager"),
)
SELLER = {
    "name": "Lucent Technologies Inc.",
    "division": "Global Service Providers Group",
    "address": "600 Mountain Avenue, Murray Hill, New Jersey 07074",
}
SUPPLIERS = ("Nortel Networks", "Alcatel USA", "Siemens Carrier Networks", "Tellabs", "ADC Telecommunications")

# (section, title, family) of each discount schedule, in the seed's order.
TRANSMISSION = ("A-1.15", "Transmission Systems Products Discount Schedule", "TRANSMISSION SYSTEMS PRODUCTS")
DATA_NETWORKING = ("A-1.22", "PRICING PLAN FOR DATA NETWORKING PRODUCTS", "DATA NETWORKING PRODUCTS")
FIVE_ESS = ("A-1.7", "Discount Schedule for 5ESS(R)-2000 Switch Products", "5ESS(R)-2000 SWITCH PRODUCTS")
OPTICAL = ("A-1.25", "PRICING PLAN FOR OPTICAL NETWORKING PRODUCTS", "OPTICAL NETWORKING PRODUCTS")
PACKET = ("A-1.26", "PRICING PLAN FOR 7R/E(TM) PACKET SOLUTIONS", "PRICING PLAN FOR 7R/E(TM) PACKET SOLUTIONS")
SCHEDULES = (TRANSMISSION, DATA_NETWORKING, FIVE_ESS, OPTICAL, PACKET)

NO_NUMBER = "see 1.15.1 below"

# Transmission rows: (product, [(component, row as written suffix, percent)], order code).
# A percent of None is a cell with no number; Decimal("0") is the seed's real "00%".
TRANSMISSION_ROWS: tuple[tuple[str, list[tuple[str, str, Decimal | None]], str], ...] = (
    ("DDM PLUS", [(Component.HARDWARE, "", Decimal(27))], ""),
    ("DDM-2000 FiberReach OC-1", [(Component.HARDWARE, "", Decimal(25))], ""),
    ("DDM-2000 OC-3", [(Component.HARDWARE_AND_SOFTWARE, " hardware & Software", Decimal(45))], ""),
    (
        "DDM-2000 OC-12",
        [
            (Component.SHELF, " Shelf", Decimal(85)),
            (Component.COMMONS, " Commons", Decimal(43)),
            (Component.OPTICS, " Optics", Decimal(50)),
            (Component.SOFTWARE, " Software", Decimal(43)),
        ],
        "",
    ),
    ("Dual 2Fiber OC-48 A/D Ring Term", [(Component.HARDWARE, "", Decimal(70))], "ED8C902-30 G-3"),
    (
        "FT-2000 OC-48 Lightwave System",
        [
            (Component.COMMONS, " Commons (spares)", Decimal(50)),
            (Component.OPTICS, " Optics", Decimal(65)),
            (Component.SOFTWARE, " Software", Decimal(65)),
        ],
        "",
    ),
    ("FT-2000 OC-48", [(Component.LOW_SPEED_CARDS, " Low Speed Cards (DS3, IS3, OC-3, OC-12)", Decimal(40))], ""),
    ("SLC(R)-2000 Multi Services Distant Terminals", [(Component.HARDWARE, " (MSDT)", Decimal(35))], ""),
    (
        "SLC(R)-2000 Access System",
        [
            (Component.COMMON_UNITS, " - Common Units", Decimal(40)),
            (Component.POTS_SPOTS_UNITS, " - POTS/SPOTS Units", Decimal(35)),
            (Component.SPECIAL_SERVICE_UNITS, " - Special Service Units", Decimal(40)),
            (Component.SOFTWARE, " - Software", Decimal(0)),
        ],
        "",
    ),
    (
        "SLC(R)-SERIES 5 Carrier System",
        [
            (Component.COMMON_UNITS, " - Common Units", Decimal(35)),
            (Component.POTS_SPOTS_UNITS, " - POTS/SPOTS Units", Decimal(35)),
            (Component.SPECIAL_SERVICE_UNITS, " - Special Service Units", Decimal(35)),
        ],
        "",
    ),
    ("DACS IV 2000 Systems", [(Component.HARDWARE, "", None)], ""),
    ("DACS II Systems", [(Component.HARDWARE_AND_SOFTWARE, " (hardware & Software)", Decimal(27))], ""),
)
ACCESS_PRODUCTS = (
    ("CopperCom Gateway(TM)", Decimal(19)),
    ("CopperCom MXR(TM)", Decimal(19)),
    ("VINA ConnectReach", Decimal(50)),
    ("VINA ConnectReach Plus", Decimal(40)),
    ("7 R/E(TM) Connection Gateway", Decimal(50)),
)
DATA_NETWORKING_PRODUCTS = (
    ("PacketStar(TM) Access Concentrator 10", Decimal(30)),
    ("PacketStar(TM) Access Concentrator 60", Decimal(40)),
    ("PacketStar(TM) Access Concentrator 120", Decimal(40)),
    ("PathStar(TM) Access Server", Decimal(40)),
    ("PortMaster(R) 4 Integrated Access Concentrator", Decimal(30)),
    ("PacketStar(TM) IP GateWay 1000", Decimal(25)),
    ("MAX TNT(TM) WAN Access Switch", Decimal(30)),
    ("PacketStar(TM) PSAX 2300 Access Concentrator", Decimal(45)),
    ("GX 550(TM) Smart Core ATM Switch", Decimal(35)),
    ("Stinger(TM) DSL Access Concentrator", Decimal(35)),
    ("Copper Mountain CopperEdge(TM) 200", Decimal(32)),
    ("Copper Mountain CopperEdge(TM) 150", Decimal(32)),
    ("PacketStar(TM) PSAX 50 Broadband Service Unit", Decimal(35)),
    ("PacketStar(TM) PSAX 100 Broadband Service Unit", Decimal(35)),
    ("PacketStar(TM) PSAX 600 Broadband Service Concentrator", Decimal(35)),
    ("Cajun(TM) 330R Stackable Switching System", Decimal(35)),
    ("Cajun(TM) 550R Stackable Switching System", Decimal(35)),
    ("ConnectStar(TM) Interworking Call Router", Decimal(35)),
)
ABBREVIATIONS = {"PathStar(TM) Access Server": "PSAS", "SLC(R)-2000 Multi Services Distant Terminals": "MSDT"}
FIVE_ESS_PRODUCTS = ("5ESS Switch", "5ESS CDX Switch", "5ESS VCDX Switch")
FIVE_ESS_COLUMNS = (
    ("INITIAL SWITCH DISCOUNT", Condition.INITIAL_SWITCH, Decimal(83)),
    ("LARGE GROWTH DISCOUNT", Condition.LARGE_GROWTH, Decimal(77)),
    ("PERIPHERAL GROWTH DISCOUNT", Condition.PERIPHERAL_GROWTH, Decimal(25)),
)
OPTICAL_PRODUCTS = (
    ("WaveStar(TM) TDM 2.5G", Decimal(50)),
    ("WaveStar(TM) TDM 10G", Decimal(45)),
    ("WaveStar(TM) OLS 40G/80G", Decimal(40)),
)
PACKET_PRODUCTS = ("7R/E(TM) Packet Solutions", "Call Feature Server", "One-Link Manager", "Packet Gateway")

# Footnotes and paragraphs under the tables, as the seed transcribes them: (kind, mark, percent, order code,
# applies to, parameters).
# (kind, mark, percent, order code, applies to, parameters)
Rule = tuple[RuleKind, str, Decimal | None, str, str, dict]
TRANSMISSION_RULES: tuple[Rule, ...] = (
    (RuleKind.COMPONENT_DEFAULT, "*", None, "", "", {"component": "hardware"}),
    (RuleKind.EXCLUDES, "*", None, "", "", {"items": ["cabling", "power equipment"]}),
    (RuleKind.CABLES_PERCENT, "*", Decimal(20), "", "", {"basis": "List Price"}),
    (RuleKind.ORDER_CODE_ONLY, "**", Decimal(70), "ED8C902-30 G-3", "Dual 2Fiber OC-48 A/D Ring Term", {}),
    (RuleKind.SINGLE_COMMONS_PERCENT, "**", Decimal(50), "", "FT-2000 OC-48 Lightwave System Commons", {}),
)
FIVE_ESS_RULES: tuple[Rule, ...] = (
    (
        RuleKind.GROWTH_DEFINITION,
        "paragraph below the table",
        None,
        "",
        "",
        {
            "large_growth": "addition of seven (7) or more STSX-1 cards",
            "large_growth_min_stsx1_cards": 7,
            "peripheral_growth": "any other growth",
        },
    ),
    (
        RuleKind.PRI_ONLY_PERCENT,
        "paragraph below the table",
        Decimal(77),
        "",
        "Dedicated hardware and Software for PRIs only",
        {},
    ),
)
PACKET_RULES: tuple[Rule, ...] = (
    (
        RuleKind.FIRM_QUOTATION,
        "A-1.26",
        None,
        "",
        "7R/E(TM) Packet Solutions",
        {
            "list_prices_final": False,
            "packet_solution_definition": {
                "required_components": ["Call Feature Server", "One-Link Manager", "Packet Gateway"],
                "minimum_units_each": 1,
                "purchased_and_installed_at_one_time": True,
            },
        },
    ),
    (
        RuleKind.MINIMUM_SAVINGS,
        "A-1.26",
        Decimal(20),
        "",
        "7R/E configuration utilizing pure packet access",
        {"compared_to": "comparable 5ESS TDM configuration"},
    ),
)

# Provisions every agreement has: (key, part, section, title).
BASE_PROVISIONS = (
    ("General Agreement 1.2", "General Agreement", "1.2", "TERM OF GENERAL AGREEMENT"),
    ("General Agreement SCOPE OF GENERAL AGREEMENT", "General Agreement", "", "SCOPE OF GENERAL AGREEMENT"),
    ("Appendix A A-1.2", "Appendix A", "A-1.2", "DEFINITIONS"),
    ("Appendix A A-1.5", "Appendix A", "A-1.5", "Network Standardization"),
    ("Appendix A A-1.23", "Appendix A", "A-1.23", "SUPPORT SERVICES"),
    ("Appendix A A-1.24", "Appendix A", "A-1.24", "TRAINING INCENTIVE"),
    ("Appendix A MODIFICATIONS TO APPENDIX A", "Appendix A", "", "MODIFICATIONS TO APPENDIX A"),
    ("Appendix A ADDITIONS TO APPENDIX A", "Appendix A", "", "ADDITIONS TO APPENDIX A"),
)
AMENDMENT_SECTIONS = (
    "FINANCING",
    "ENTIRE AGREEMENT",
    "PURCHASE COMMITMENT AND FINANCIAL CONSIDERATIONS",
    "COUNTERPARTS",
    "GOVERNING LAW",
    "ADDITIONAL CONSIDERATIONS",
)

# Exhibit B: product lines and the release names under them.
PRODUCT_LINES = (
    "WAVESTAR TDM 2.5G",
    "WAVESTAR TDM 10G 2-FIBER",
    "WAVESTAR OLS 40G/80G",
    "WAVESTAR BANDWIDTH MANAGER",
    "FT-2000 OC-48",
    "ANYMEDIA ACCESS SYSTEM",
    "DDM-2000 - OC3/12",
    "FIBERREACH",
    "VINA TECH",
    "COPPER MOUNTAIN",
    "DACS II",
    "5ESS ANYMEDIA SWITCH",
    "7 R/E PACKET SOLUTIONS",
    "PATHSTAR ACCESS SERVER",
    "PSAX2300",
    "CAJUN 550R",
    "STINGER",
)
GROUP_NAMES = ("Voice", "Data", "T1 Line Card", "Software")
RELEASE_SUFFIXES = ("", " w/UPSR Ring Termination", " - HDT", " (TARP)", " - as a PAS Server", " w/TL1")
