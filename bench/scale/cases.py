"""The questions of issue 11's table, each asked about the seed agreement, as users ask them.

A case is a request (path, query string or JSON body) and the role that asks it. The paths take the
seed's ids from `SeedIds`, read from each database (both load the seed first, so they agree).
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

SEED = "LNM970313MP"
ON = "2000-03-01"
TEN_LINES = [
    {"product": "PSAS", "list_price": "1000.00"},
    {"product": "5ESS Switch", "condition": "growth", "stsx1_cards_added": 7, "list_price": "250000"},
    {"product": "ED8C902-30 G-3", "condition": "full_configuration", "list_price": "90000"},
    {"product": "DDM PLUS", "component": "cables", "list_price": "120.50"},
    {"product": "DACS IV 2000 Systems", "list_price": "5000"},
    {"product": "VINA ConnectReach", "list_price": "700"},
    {"product": "BICR", "list_price": "3300"},
    {"product": "WaveStar TDM 2.5G", "list_price": "42000"},
    {"product": "SLC(R)-2000 Access System - Software", "list_price": "99.99"},
    {"product": "7 R/E Connection Gateway", "list_price": "15000"},
]


@dataclass(frozen=True)
class SeedIds:
    agreement: int
    amendment: int  # Amendment 3
    entity: int  # KMC Telecom III, Inc.
    recorded_at: str


def seed_ids() -> SeedIds:
    """Read from the database Django is connected to."""
    from django.utils import timezone

    from contracts.models import Agreement, Amendment, LegalEntity

    agreement = Agreement.objects.get(contract_number=SEED)
    return SeedIds(
        agreement=agreement.pk,
        amendment=Amendment.objects.get(agreement=agreement, number=3).pk,
        entity=LegalEntity.objects.get(slug="kmc-telecom-iii").pk,
        recorded_at=timezone.now().strftime("%Y-%m-%dT%H:%M:%S"),
    )


def quote_body(lines: list[dict]) -> dict:
    return {"entity": "kmc-telecom-iii", "agreement": SEED, "on": ON, "lines": lines}


def quote_page_params(agreement: object, entity: object) -> dict:
    """The quote page's query string for the ten lines (also asked by tests/ledger/test_scale.py)."""
    params: dict = {"agreement": agreement, "entity": entity, "on": "1999-10-15", "as_agreed": "1999-11-01"}
    params.update({"form-TOTAL_FORMS": len(TEN_LINES), "form-INITIAL_FORMS": 0})
    for i, line in enumerate(TEN_LINES):
        params.update({f"form-{i}-quantity": 2, **{f"form-{i}-{k}": v for k, v in line.items()}})
    return params


def _quote_page(ids: SeedIds) -> dict:
    return quote_page_params(ids.agreement, ids.entity)


@dataclass(frozen=True)
class Case:
    key: str
    label: str
    role: str
    path: str  # formatted with the SeedIds' fields
    query: object = field(default_factory=dict)  # a dict, or a callable taking SeedIds
    body: dict | None = None  # POSTed as JSON when given
    throughput: float | None = None  # the least throughput against the bare view, when measured
    # Held to the growth target; otherwise reported for information (its queries still may not grow).
    growth_held: bool = True

    def url(self, ids: SeedIds) -> str:
        query = self.query(ids) if callable(self.query) else self.query
        path = self.path.format(**ids.__dict__)
        return f"{path}?{urlencode(query)}" if query else path


CASES = [
    Case(
        "board-api",
        "release board API",
        "buyer",
        "/api/v1/releases/",
        {"agreement": SEED, "on": "2000-06-01"},
        throughput=0.25,
    ),
    Case("board-page", "release board page", "buyer", "/releases/", {"agreement": SEED, "on": "2000-06-01"}),
    Case(
        "entity-page", "entity lookup page", "buyer", "/contracts/entities/lookup/", {"name": "KMC III LLC", "on": ON}
    ),
    Case(
        "entity-api",
        "entity lookup API",
        "buyer",
        "/api/v1/entities/lookup/",
        {"name": "KMC III LLC", "on": ON},
        throughput=0.5,
    ),
    # The questions are about the seed agreement; the same questions over every agreement are asked
    # too, and their answers legitimately hold more lines (they are held to the same target all the same).
    Case(
        "discount-page",
        "discount lookup page with a date",
        "buyer",
        "/pricing/discounts/",
        {"agreement": SEED, "on": ON},
    ),
    Case(
        "discount-api",
        "discount API q=5ESS",
        "buyer",
        "/api/v1/discounts/",
        {"agreement": SEED, "q": "5ESS"},
        throughput=0.5,
    ),
    Case(
        "discount-page-all",
        "discount lookup page with a date, every agreement",
        "buyer",
        "/pricing/discounts/",
        {"on": ON},
    ),
    Case("discount-api-all", "discount API q=5ESS, every agreement", "buyer", "/api/v1/discounts/", {"q": "5ESS"}),
    Case(
        "discount-api-all-words",
        "discount API q=5ESS switch, every agreement",
        "buyer",
        "/api/v1/discounts/",
        {"q": "5ESS switch"},
        # Beyond the questions: the seed alone answers one line, the portfolio a page of fifty,
        # and one product in each agreement holds the name (see README, Search).
        growth_held=False,
    ),
    Case("quote-page", "quote page, 10 lines", "buyer", "/pricing/quote/", _quote_page),
    Case("audit-page", "audit log page 1", "auditor", "/history/"),
    Case(
        "audit-filtered",
        "audit log filtered (an amendment)",
        "auditor",
        "/history/",
        lambda ids: {"amendment": ids.amendment},
    ),
    Case(
        "compare",
        "compare page",
        "buyer",
        "/contracts/{agreement}/compare/",
        {"left-on": "1999-11-15", "left-as_agreed": "1999-11-14", "right-on": "1999-11-15"},
    ),
    Case(
        "recorded",
        "as-recorded-at page",
        "auditor",
        "/contracts/{agreement}/recorded/",
        lambda ids: {"recorded_at": ids.recorded_at, "on": ON},
    ),
    Case(
        "as-of",
        "agreement as-of API",
        "buyer",
        "/api/v1/agreements/{agreement}/as-of/",
        {"on": "1999-11-15", "as_agreed": ON},
        throughput=0.25,
    ),
    Case("quote-api", "quote API, 10 lines", "buyer", "/api/v1/quotes/", body=quote_body(TEN_LINES), throughput=0.2),
    Case("history", "object history (the agreement)", "auditor", "/history/contracts/agreement/{agreement}/"),
    # The pages added since issue 11 was filed (issues 12 and 13), each about the seed agreement: its purchases,
    # price check, credits and obligations (both databases hold the same generated purchases of the seed,
    # `bench.scale.prepare`), and the home page and search every role starts from.
    Case("home-buyer", "home page about the agreement (buyer)", "buyer", "/", {"on": ON, "agreement": SEED}),
    Case("home-auditor", "home page about the agreement (auditor)", "auditor", "/", {"on": ON, "agreement": SEED}),
    Case("home-admin", "home page about the agreement (admin)", "admin", "/", {"on": ON, "agreement": SEED}),
    # Home over every agreement: lists whose answer is computed per agreement (slip flags, seats, credits)
    # legitimately cost more with more agreements; measured all the same.
    Case("home-buyer-all", "home page, every agreement (buyer)", "buyer", "/", {"on": ON}),
    Case("search", "search q=5ESS", "buyer", "/search/", {"q": "5ESS"}),
    Case("purchases-page", "purchases list (the agreement)", "buyer", "/purchases/", {"agreement": SEED}),
    Case("purchases-api", "purchases API (the agreement)", "buyer", "/api/v1/purchases/", {"agreement": SEED}),
    Case("price-check", "price check page (the agreement)", "buyer", "/purchases/price-check/", {"agreement": SEED}),
    Case("credits", "credits page (the agreement)", "buyer", "/purchases/credits/", {"agreement": SEED}),
    Case("commitments", "commitments register", "buyer", "/obligations/commitments/", {"agreement": SEED, "on": ON}),
    Case("training", "training seats page", "buyer", "/obligations/training/", {"agreement": SEED, "on": ON}),
    Case("spend", "spend chart", "buyer", "/obligations/spend/", {"agreement": SEED, "on": "2003-01-01"}),
]
