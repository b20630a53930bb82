"""Every page and API endpoint costs the same queries and a bounded response with a portfolio (issue 11).

Generated from the URL conf, like tests/core/test_access_matrix.py, so a new page is covered without
editing a list: every GET route of the site and its API, and every admin list and add page. A route with
arguments is asked about a record of the seed agreement (the view model's first record, which is the
seed's because the seed is loaded first, or the one `SEED_RECORDS` names); `QUESTIONS` gives the query
string a user asks with. Routes that cannot be asked this way are listed in `NOT_ASKED`, with why.

The measurements are taken once per module, in one transaction rolled back at the end:
- S0: the seed agreement alone, with the purchases the portfolio's generator gives it (`add_app_rows`:
  the purchase and price-check pages have rows to page and check);
- S1: after `generate_portfolio` added 50 agreements of the seed's shape, with their purchases and
  obligations (51 agreements);
- S2: after 50 more (101 agreements, about 80,000 history rows).
Each route's test then checks, at every size, that it answers (no 500) and
- queries: no more at S1 than at S0 (nothing per agreement, nothing per row of a page), and the same
  at S2 as at S1;
- size: from S1 to S2, while the portfolio doubles, at most 1.1x + 2 kB (a paginated list's first page
  is already full at S1, so what still grows is what lists the portfolio: an unbounded select, every
  row); and no HTML page over 200 kB at S2.
"""

from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date
from unittest.mock import patch

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from bench.scale.cases import TEN_LINES, quote_page_params
from core.history import audited_models
from ledger.portfolio import generate_portfolio
from ledger.portfolio.hooks import add_app_rows
from tests.conftest import ROLE_GROUPS, refresh_planner_statistics

# Marked so that pytest-django sets the test database up (the measuring fixture uses it outside the tests).
pytestmark = pytest.mark.django_db

PORTFOLIO_STEP = 50  # agreements added between sizes
HTML_LIMIT = 200_000
GROWTH, SLACK = 1.1, 2_000
ROLES = ("buyer", "auditor", "admin")  # the first that may read a route asks it

ON = "2000-03-01"


@dataclass
class Seed:
    """Ids of the seed's records the questions name."""

    agreement: int
    amendment: int
    entity: int
    recorded_at: str


def _quote_params(seed: Seed) -> dict:
    return quote_page_params(seed.agreement, seed.entity)


SEED = "LNM970313MP"  # the seed agreement's key: lists about one agreement are asked about it
# The query string each route is asked with (default: none). A callable gets the Seed.
QUESTIONS = {
    "contracts:agreement_detail": {"on": "1999-11-15", "as_agreed": ON},
    "contracts:legalentity_lookup": {"name": "KMC III LLC", "on": ON},
    "contracts:legalentity_detail": {"on": ON},
    "pricing:discount_list": {"agreement": SEED, "on": ON},
    "pricing:quote": _quote_params,
    "releases:release_list": {"agreement": SEED, "on": "2000-06-01"},
    "releases:schedule_timeline": {"agreement": SEED, "on": "2000-06-01"},
    "releases:productline_timeline": {"on": "2000-06-01"},
    "releases:release_detail": {"on": "2000-06-01"},
    "ledger:agreement_recorded": lambda seed: {"recorded_at": seed.recorded_at, "on": ON},
    "ledger:agreement_compare": {"left-on": "1999-11-15", "left-as_agreed": "1999-11-14", "right-on": "1999-11-15"},
    "agreement-as-of": {"on": "1999-11-15", "as_agreed": ON},
    "legalentity-lookup": {"name": "KMC III LLC", "on": ON},
    "discount-list": {"q": "5ESS"},
    "release-board-api": {"agreement": SEED, "on": "2000-06-01"},
    "release-detail-api": {"on": "2000-06-01"},
    # The pages of issues 12 and 13, asked about the seed agreement.
    "home": {"on": ON, "agreement": SEED},
    "purchases:purchase_list": {"agreement": SEED},
    "purchases:pricecheck_list": {"agreement": SEED},
    "purchases:credit_list": {"agreement": SEED},
    "purchase-list": {"agreement": SEED},
    "pricecheck-list": {"agreement": SEED},
    "credit-list": {"agreement": SEED},
    "obligations:training": {"agreement": SEED, "on": ON},
    "obligations:commitments": {"agreement": SEED, "on": ON},
    "obligations:spend": {"agreement": SEED, "on": "2003-01-01"},
    "obligations:seatuse_list": {"agreement": SEED},
    "obligations:seatuse_add": {"agreement": SEED},
    "seatuse-list": {"agreement": SEED},
    "commitment-list": {"agreement": SEED, "on": ON},
    "ledger:search": {"q": "5ESS"},
}
# Further questions to the same routes, each its own test: (test id, route, query string).
MORE_QUESTIONS = [
    ("ledger:audit_log[amendment]", "ledger:audit_log", lambda seed: {"amendment": seed.amendment}),
    ("pricing:discount_list[every agreement]", "pricing:discount_list", {"on": ON}),
    ("pricing:discount_list[q=5ESS]", "pricing:discount_list", {"q": "5ESS", "on": ON}),
    ("discount-list[agreement]", "discount-list", {"agreement": SEED, "q": "5ESS", "on": ON}),
    ("legalentity-lookup[agreement]", "legalentity-lookup", {"name": "KMC Telecom", "agreement": SEED}),
    # Over every agreement: a page of purchases of many agreements, flagged and checked (their catalogs
    # read together), and the home page's lists over the portfolio.
    ("home[every agreement]", "home", {"on": ON}),
    ("purchases:purchase_list[every agreement]", "purchases:purchase_list", {}),
    ("purchases:pricecheck_list[every agreement]", "purchases:pricecheck_list", {}),
    ("purchase-list[every agreement]", "purchase-list", {}),
    ("pricecheck-list[every agreement]", "pricecheck-list", {}),
]
# What a user types into each autocomplete box (`core.autocomplete`; default "KMC").
TYPED = {"agreement": "LNM", "amendment": "Amendment", "product": "5ESS", "productline": "DDM", "schedule": "A-1"}
# Routes with arguments whose record is not the view model's first one.
SEED_RECORDS = {
    "contracts:legalentity_detail": "entity",
    "legalentity-detail": "entity",
    "ledger:amendment_detail": "amendment",
    "amendment-detail": "amendment",
}
NOT_ASKED = {
    "login": "public",
    "logout": "public; POST only",
    "quote-create": "POST only (asked below as 'quote-create[10 lines]')",
    "releases:remedy_edit": "the seed records no remedy",
    "remedy-edit": "the seed records no remedy",
}
ADMIN_PAGES = ("_changelist", "_add")  # list and add pages of every audited model; the others need a record
# The admin shows 100 rows a page, more than S1 has of some models (51 agreements): measured with 20 a
# page, so S1's first page is full too and what may still grow is what is not a row (filters, selects).
ADMIN_ROWS_PER_PAGE = 20


def _walk(patterns, prefix="", namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), entry.namespace or namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry


def _view_class(pattern):
    return getattr(pattern.callback, "view_class", None) or getattr(pattern.callback, "cls", None)


def _allows_get(pattern):
    actions = getattr(pattern.callback, "actions", None)
    return "get" in actions if actions is not None else hasattr(_view_class(pattern), "get")


def _admin_pages():
    return {
        f"admin:{model._meta.app_label}_{model._meta.model_name}{page}"
        for model in audited_models()
        if admin.site.is_registered(model)
        for page in ADMIN_PAGES
    }


def _asked(name, pattern):
    if name.startswith("admin:"):
        return name in _admin_pages()
    return name not in NOT_ASKED and _allows_get(pattern)


def routes():
    return {name: pattern for name, pattern in _walk(get_resolver().url_patterns) if _asked(name, pattern)}


def _model(pattern):
    view_class = _view_class(pattern)
    queryset = getattr(view_class, "queryset", None)
    return queryset.model if queryset is not None else getattr(view_class, "model", None)


def _url(name, pattern, seed: Seed, kwargs):
    wanted = list(pattern.pattern.regex.groupindex)
    if not wanted:
        return reverse(name)
    values = {"app_label": "contracts", "model_name": "agreement", **kwargs}
    if "pk" in wanted:
        model = _model(pattern)
        if name in SEED_RECORDS:
            values["pk"] = getattr(seed, SEED_RECORDS[name])
        elif model is not None and model.objects.exists():
            values["pk"] = model.objects.order_by("pk").values_list("pk", flat=True)[0]
        else:
            values["pk"] = seed.agreement
    missing = [k for k in wanted if k not in values]
    assert not missing, f"test_scale cannot fill {missing} of {name!r}: add it to SEED_RECORDS or NOT_ASKED"
    return reverse(name, kwargs={k: values[k] for k in wanted})


@dataclass
class Measurement:
    status: int
    queries: int
    size: int
    role: str
    html: bool = False
    error: str = ""


@dataclass
class Question:
    test_id: str
    route: str
    query: object = field(default_factory=dict)
    body: object = None  # a JSON body: asked with POST
    kwargs: dict = field(default_factory=dict)

    def ask(self, clients, roles, seed: Seed, pattern) -> Measurement:
        url = _url(self.route, pattern, seed, self.kwargs)
        query = self.query(seed) if callable(self.query) else self.query
        for role in roles:
            client = clients[role]
            with CaptureQueriesContext(connection) as queries:
                try:
                    if self.body is not None:
                        response = client.post(url, self.body, content_type="application/json")
                    else:
                        response = client.get(url, query)
                except Exception as exc:  # noqa: BLE001 - a crash is a measurement (a 500)
                    return Measurement(500, len(queries), 0, role, repr(exc)[:300])
            refused = response.status_code == 403 or "login" in response.get("Location", "")
            if refused and role != roles[-1]:
                continue
            body = b"".join(response.streaming_content) if response.streaming else response.content
            html = response.get("Content-Type", "").startswith("text/html")
            return Measurement(response.status_code, len(queries), len(body), role, html)
        raise AssertionError("unreachable")


def _suggestion_sources():
    """Every source of the autocomplete endpoint (`core.autocomplete`), each asked as its own route."""
    from django.utils.module_loading import autodiscover_modules

    from core import autocomplete

    autodiscover_modules("autocomplete")
    return sorted(getattr(autocomplete, "_SOURCES", {}))


def questions():
    asked = [Question(name, name, QUESTIONS.get(name, {})) for name in routes() if name != "autocomplete"]
    if "autocomplete" in routes():
        asked += [
            Question(
                f"autocomplete[{source}]", "autocomplete", {"q": TYPED.get(source, "KMC")}, kwargs={"source": source}
            )
            for source in _suggestion_sources()
        ]
    asked += [Question(test_id, route, query) for test_id, route, query in MORE_QUESTIONS]
    quote = {"entity": "kmc-telecom-iii", "agreement": SEED, "on": ON, "lines": TEN_LINES}
    asked.append(Question("quote-create[10 lines]", "quote-create", body=quote))
    return {question.test_id: question for question in asked}


def _load_seed(seed_rows):
    """The seed as `load_agreement` loads it (the rows tests/conftest.py captured once per session)."""
    with connection.cursor() as cursor:
        for model, columns, values in seed_rows:
            if values:
                table = connection.ops.quote_name(model._meta.db_table)
                names = ", ".join(connection.ops.quote_name(c) for c in columns)
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", values)
        for statement in connection.ops.sequence_reset_sql(no_style(), [m for m, _, _ in seed_rows]):
            cursor.execute(statement)


def _use_a_seat(agreement):
    """The seed's data file gives its training incentive but no seat used: one, so seat-use pages have a row
    of the seed's (the view model's first record) at every size."""
    from obligations.models import SeatUse, TrainingIncentive

    recorder = get_user_model().objects.create_user(username="scale-recorder")
    use = SeatUse(
        incentive=TrainingIncentive.objects.get(agreement=agreement),
        attendee="A. Trainee",
        course="PathStar operations (5 days)",
        used_on=date(2000, 2, 1),
        recorded_by=recorder,
    )
    use._change_reason = "Seat used"  # type: ignore[attr-defined]
    use.save()


def _clients():
    clients = {}
    for role in ROLES:
        user = get_user_model().objects.create_user(username=f"scale-{role}", is_staff=role == "admin")
        user.groups.add(Group.objects.get(name=ROLE_GROUPS[role]))
        clients[role] = Client()
        clients[role].force_login(user)
    return clients


@pytest.fixture(scope="module")
def measurements(django_db_setup, django_db_blocker, seed_rows):
    from contracts.models import Agreement, Amendment, LegalEntity

    sizes: dict[str, list[Measurement]] = {}
    with django_db_blocker.unblock(), transaction.atomic(), ExitStack() as patches:
        for model in audited_models():
            if admin.site.is_registered(model):
                model_admin = admin.site.get_model_admin(model)
                patches.enter_context(patch.object(model_admin, "list_per_page", ADMIN_ROWS_PER_PAGE))
        _load_seed(seed_rows)
        add_app_rows(Agreement.objects.filter(contract_number=SEED), seed=9000)
        agreement = Agreement.objects.get(contract_number=SEED)
        _use_a_seat(agreement)
        seed = Seed(
            agreement=agreement.pk,
            amendment=Amendment.objects.get(agreement=agreement, number=3).pk,
            entity=LegalEntity.objects.get(slug="kmc-telecom-iii").pk,
            recorded_at=timezone.now().strftime("%Y-%m-%dT%H:%M:%S"),
        )
        clients = _clients()
        patterns = dict(_walk(get_resolver().url_patterns))
        asked = questions()
        roles: dict[str, tuple[str, ...]] = {}
        for size in range(3):
            if size:
                generate_portfolio(agreements=PORTFOLIO_STEP, seed=9000 + size, progress=None)
                refresh_planner_statistics()
            for test_id, question in asked.items():
                measured = question.ask(clients, roles.get(test_id, ROLES), seed, patterns[question.route])
                roles[test_id] = (measured.role,)  # the same role at every size
                sizes.setdefault(test_id, []).append(measured)
        transaction.set_rollback(True)
    return sizes


def _describe(sizes):
    return ", ".join(
        f"S{i}: HTTP {m.status} {m.queries} queries {m.size:,} B{' ' + m.error if m.error else ''}"
        for i, m in enumerate(sizes)
    )


@pytest.mark.parametrize("test_id", sorted(questions()))
def test_queries_and_size_do_not_grow_with_the_portfolio(measurements, test_id):
    small, medium, large = sizes = measurements[test_id]
    report = f"{test_id} as {small.role}: {_describe(sizes)}"
    assert all(m.status < 500 for m in sizes), report
    assert large.status == small.status, report
    assert medium.queries <= small.queries, f"queries grow with the portfolio: {report}"
    assert large.queries == medium.queries, f"queries grow with the portfolio: {report}"
    assert large.size <= GROWTH * medium.size + SLACK, f"response grows with the portfolio: {report}"
    assert not large.html or large.size <= HTML_LIMIT, f"page over {HTML_LIMIT:,} bytes: {report}"


def test_the_lists_name_routes_that_exist():
    """A renamed route would silently lose its question or its reason for not being asked."""
    names = {name for name, _ in _walk(get_resolver().url_patterns)}
    named = set(QUESTIONS) | set(SEED_RECORDS) | set(NOT_ASKED) | {route for _, route, _ in MORE_QUESTIONS}
    assert named - names == set()
