"""A quote of 1,000 lines in one request, against pricing the same lines from an in-memory dict.

Asked of the large database through the quote API (in process, like `bench.scale.growth`):
- queries: the 1,000-line quote must cost as many as the 10-line one (nothing per line);
- time per line: the API's marginal cost of a line, (t(1,000 lines) - t(10 lines)) / 990, against the
  cost per line of the simplest correct pricer: the seed's discount lines read once into a dict keyed by
  (product, component, condition), then for each line of the same JSON body a lookup, the Decimal
  arithmetic with the app's rounding, and the JSON answer. Within 3x passes. The three are timed next to
  each other in every round, after a request that fills the process's caches.

The bench's lines repeat ten products at seven quantities, as a large order does. For information, the
same is measured with every line at a different list price, so that no two lines have the same answer.
"""

import json
import statistics
import time
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from bench.scale.cases import SEED, TEN_LINES, quote_body
from bench.scale.growth import Side

LINES = 1000
ROUNDS = 9
CENT = Decimal("0.01")


@dataclass
class QuoteScale:
    status: int
    queries_10: int
    queries_1000: int
    api_ms_per_line: float
    dict_ms_per_line: float
    distinct_api_ms_per_line: float = 0.0  # every line a different list price: nothing repeats
    distinct_dict_ms_per_line: float = 0.0
    error: str = ""

    @property
    def ratio(self) -> float:
        return self.api_ms_per_line / self.dict_ms_per_line if self.dict_ms_per_line else float("inf")

    @property
    def distinct_ratio(self) -> float:
        if not self.distinct_dict_ms_per_line:
            return float("inf")
        return self.distinct_api_ms_per_line / self.distinct_dict_ms_per_line


def thousand_lines() -> list[dict]:
    return [{**TEN_LINES[i % len(TEN_LINES)], "quantity": 1 + i % 7} for i in range(LINES)]


def thousand_distinct_lines() -> list[dict]:
    """The same products, each line a different list price: no two lines have the same answer."""
    return [
        {**line, "list_price": str(Decimal(line["list_price"]) + Decimal(i) / 100)}
        for i, line in enumerate(thousand_lines())
    ]


def _post(side: Side, body: dict):
    from django.db import connections

    connections["default"] = side.connection
    return side.clients["buyer"].post("/api/v1/quotes/", body, content_type="application/json")


def _queries(side: Side, body: dict) -> tuple[int, int]:
    from django.db import connections
    from django.test.utils import CaptureQueriesContext

    _post(side, body)  # a process's first request fills its caches: not counted
    connections["default"] = side.connection
    with CaptureQueriesContext(side.connection) as captured:
        response = _post(side, body)
    return response.status_code, len(captured)


def _elapsed(ask) -> float:
    started = time.perf_counter()
    ask()
    return time.perf_counter() - started


def _per_line(side: Side, big_lines: list[dict]) -> tuple[float, float]:
    """Median over rounds of the API's marginal seconds a line and the dict's seconds a line, the three
    timed next to each other in every round so that the machine's load swings land on all of them."""
    small_body, big_body = quote_body(TEN_LINES), quote_body(big_lines)
    price, raw = _dict_pricer(), json.dumps(big_body)
    api, by_dict = [], []
    for number in range(ROUNDS):
        if number % 2 == 0:
            big, small = _elapsed(lambda: _post(side, big_body)), _elapsed(lambda: _post(side, small_body))
        else:
            small, big = _elapsed(lambda: _post(side, small_body)), _elapsed(lambda: _post(side, big_body))
        api.append((big - small) / (LINES - len(TEN_LINES)))
        by_dict.append(_elapsed(lambda: price(raw)) / LINES)
    return statistics.median(api), statistics.median(by_dict)


def _dict_pricer():
    """The seed's discount lines, read once: (product name, component, condition) -> percent."""
    from contracts.names import normalize_name
    from pricing.models import DiscountLine

    table: dict[tuple[str, str, str], Decimal | None] = {}
    for name, component, condition, percent in DiscountLine.objects.filter(
        table__schedule__agreement__contract_number=SEED
    ).values_list("product__name", "component", "condition", "percent"):
        table[(normalize_name(name), component, condition)] = percent
    any_line = {key[0]: percent for key, percent in table.items()}  # the product's line when none matches exactly

    def price(raw: str) -> str:
        out = []
        for line in json.loads(raw)["lines"]:
            name = normalize_name(line["product"])
            percent = table.get((name, line.get("component", ""), line.get("condition", "")), any_line.get(name))
            gross = Decimal(line["list_price"]) * line.get("quantity", 1)
            net = None if percent is None else (gross * (100 - percent) / 100).quantize(CENT, ROUND_HALF_UP)
            out.append({"product": line["product"], "percent": str(percent), "net": str(net)})
        return json.dumps({"lines": out})

    return price


def measure_quote(large: Side) -> QuoteScale:
    small_body, big_body = quote_body(TEN_LINES), quote_body(thousand_lines())
    status, queries_1000 = _queries(large, big_body)
    _, queries_10 = _queries(large, small_body)
    if status != 200:
        response = _post(large, big_body)
        return QuoteScale(status, queries_10, queries_1000, 0, 0, error=response.content.decode()[:300])
    api, by_dict = _per_line(large, thousand_lines())
    distinct_api, distinct_dict = _per_line(large, thousand_distinct_lines())
    return QuoteScale(
        status, queries_10, queries_1000, api * 1000, by_dict * 1000, distinct_api * 1000, distinct_dict * 1000
    )
