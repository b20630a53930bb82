"""The audit log, compare and as-recorded pages with a portfolio (issue 11, causes 4 and 5).

The measurements are taken once for the module, in one transaction rolled back at the end: the seed
agreement alone (S0), then with 20 generated agreements and their history added (S1, about 15,000 more
history rows). A question about the seed must cost the same queries at both sizes and answer the same;
a page of the whole log stays bounded. The rest are behaviour tests: paging by position across every
history table, the agreement / amendment / user filters, and the indexes each history query uses.
"""

import json
import re
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contracts.models import Agreement, Amendment, LegalEntity
from core.history import audited_models, history_model
from ledger.audit import COUNT_LIMIT, AuditFilter, AuditLog, Position
from ledger.portfolio import generate_portfolio
from tests.conftest import ROLE_GROUPS, refresh_planner_statistics
from tests.factories import AmendmentFactory, DiscountLineFactory, ReleaseFactory, ReleaseScheduleFactory

pytestmark = pytest.mark.django_db

SEED = "LNM970313MP"
EXTRA_AGREEMENTS = 20
HTML_LIMIT = 200_000
# A page reads the keys (one UNION), then each kind of record on it with its previous versions (two
# queries per kind); the rest is the session, the user, its permissions and the count.
PAGE_QUERIES_MAX = 10 + 2 * len(audited_models())


@dataclass
class Answer:
    status: int
    queries: int
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode()


def _load_seed(seed_rows):
    """The seed as `load_agreement` loads it (rows captured once per session by tests/conftest.py)."""
    with connection.cursor() as cursor:
        for model, columns, values in seed_rows:
            if values:
                table = connection.ops.quote_name(model._meta.db_table)
                names = ", ".join(connection.ops.quote_name(c) for c in columns)
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", values)  # noqa: S608
        for statement in connection.ops.sequence_reset_sql(no_style(), [m for m, _, _ in seed_rows]):
            cursor.execute(statement)


def _ask(client, url, params=None) -> Answer:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
        body = b"".join(response.streaming_content) if response.streaming else response.content  # queries too
    return Answer(response.status_code, len(queries), body)


def _older_link(html: str) -> str:
    return re.search(r'href="\?([^"]*)" rel="next"', html)[1].replace("&amp;", "&")


def _questions(seed: Agreement) -> dict[str, tuple[str, dict]]:
    log, api = reverse("ledger:audit_log"), "/api/v1/audit-log/"
    return {
        "page": (log, {}),
        "page agreement": (log, {"agreement": SEED}),
        "page amendment": (log, {"amendment": f"{SEED}/3"}),
        "page user": (log, {"user": "editor"}),
        "page record type": (log, {"model": "contracts.amendment"}),
        "api": (api, {}),
        "api agreement": (api, {"agreement": SEED, "limit": 20}),
        "csv agreement": (log, {"agreement": SEED, "_export": "csv"}),
        "compare": (
            reverse("ledger:agreement_compare", args=[seed.pk]),
            {"left-on": "1999-11-15", "left-as_agreed": "1999-11-14", "right-on": "1999-11-15"},
        ),
        "recorded": (
            reverse("ledger:agreement_recorded", args=[seed.pk]),
            {"recorded_at": (timezone.now() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%S"), "on": "2000-01-01"},
        ),
    }


def _measure(client, seed) -> dict[str, Answer]:
    answers = {name: _ask(client, url, params) for name, (url, params) in _questions(seed).items()}
    log = reverse("ledger:audit_log")
    answers["page older"] = _ask(client, f"{log}?{_older_link(answers['page'].text)}")
    answers["page agreement older"] = _ask(client, f"{log}?{_older_link(answers['page agreement'].text)}")
    answers["api agreement next"] = _ask(client, json.loads(answers["api agreement"].body)["next"])
    return answers


@pytest.fixture(scope="module")
def sizes(django_db_setup, django_db_blocker, seed_rows):
    """Every question's answer with the seed alone (S0) and among 20 more agreements (S1)."""
    with django_db_blocker.unblock(), transaction.atomic():
        _load_seed(seed_rows)
        seed = Agreement.objects.get(contract_number=SEED)
        auditor = get_user_model().objects.create_user(username="scale-auditor")
        auditor.groups.add(Group.objects.get(name=ROLE_GROUPS["auditor"]))
        editor = get_user_model().objects.create_user(username="editor")
        for amendment in Amendment.objects.filter(agreement=seed):
            amendment.note = "Checked against the filing."
            amendment._history_user = editor
            amendment._change_reason = "Checked"
            amendment.save()
        client = Client()
        client.force_login(auditor)
        refresh_planner_statistics()
        measured = [_measure(client, seed)]
        generate_portfolio(agreements=EXTRA_AGREEMENTS, seed=7105, user=editor)
        refresh_planner_statistics()
        measured.append(_measure(client, seed))
        transaction.set_rollback(True)
    return measured


SCOPED = [
    "page agreement",
    "page agreement older",
    "page amendment",
    "api agreement",
    "api agreement next",
    "csv agreement",
    "compare",
    "recorded",
]


@pytest.mark.parametrize("name", SCOPED)
def test_a_question_about_the_seed_costs_the_same_among_more_agreements(sizes, name):
    small, large = sizes[0][name], sizes[1][name]
    assert (small.status, large.status) == (200, 200)
    assert large.queries == small.queries, f"{name}: {small.queries} → {large.queries} queries"
    # The same answer: only the masked CSRF token of the page (same length) may differ.
    assert len(large.body) == len(small.body)
    assert len(large.body) < HTML_LIMIT


@pytest.mark.parametrize("name", ["page", "page older", "page user", "page record type", "api"])
def test_a_page_of_the_whole_log_is_bounded(sizes, name):
    for answer in (sizes[0][name], sizes[1][name]):
        assert answer.status == 200
        assert answer.queries <= PAGE_QUERIES_MAX
        assert len(answer.body) < HTML_LIMIT


def test_the_whole_log_is_counted_only_up_to_the_limit(sizes):
    small, large = sizes[0]["page"].text, sizes[1]["page"].text
    assert re.search(r'id="audit-count">\d+ changes', small)
    assert f"More than {COUNT_LIMIT} changes" in large
    assert re.search(r'id="audit-count">\d+ changes', sizes[1]["page agreement"].text)
    api_small, api_large = (json.loads(s["api"].body) for s in sizes)
    assert isinstance(api_small["count"], int) and api_large["count"] is None
    assert api_large["next"] and len(api_large["results"]) == 50


def test_the_user_filter_finds_that_users_changes_among_the_portfolios(sizes):
    small, large = sizes[0]["page user"].text, sizes[1]["page user"].text
    assert 'id="audit-count">4 changes' in small  # the four amendments the editor checked
    assert "More than" in large  # the editor also wrote the generated portfolio
    assert "editor" in large


def test_the_agreement_export_lists_only_the_seed(sizes):
    small, large = sizes[0]["csv agreement"].text, sizes[1]["csv agreement"].text
    assert small.count("\n") == large.count("\n") > 100
    assert "-P7105-" not in large


# Paging by position across every history table


def _expected(audit_filter):
    """Every history row the filter keeps, in the log's order, read table by table in Python."""
    rows = []
    for model in audited_models():
        label = model._meta.label_lower
        if audit_filter.model and label != audit_filter.model:
            continue
        for history_id, when in history_model(model)._default_manager.values_list("history_id", "history_date"):
            rows.append(Position(when, label, history_id))
    return sorted(rows, key=lambda p: (-p.when.timestamp(), p.model_label, -p.history_id))


@pytest.fixture
def tied_history(db):
    """Records of several kinds, many written at the very same instant (ties across and within tables)."""
    moment = timezone.now().replace(microsecond=0)
    line = DiscountLineFactory()
    ReleaseFactory(group__product_line__schedule__amendment=line.amendment)
    for index in range(7):
        entity = LegalEntity(slug=f"tie-{index}", name=f"Tie {index}")
        entity._history_date = moment
        entity.save()
        amendment = Amendment(agreement=line.amendment.agreement, number=10 + index, effective_date=date(2000, 1, 1))
        amendment._history_date = moment
        amendment.save()
    return line.amendment.agreement


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(size=st.integers(min_value=1, max_value=9), model=st.sampled_from([None, "contracts.amendment"]))
def test_paging_visits_every_change_once_in_order_both_ways(tied_history, size, model):
    audit_filter = AuditFilter(model=model)
    expected = _expected(audit_filter)
    log = AuditLog(audit_filter)
    older, seen, page = [], None, log.page(size=size)
    while True:
        older += [entry.position for entry in page.entries]
        if page.older is None:
            break
        seen = page.older
        page = log.page(after=seen, size=size)
    assert older == expected
    newer, page = [], log.page(before=expected[-1], size=size)
    newer = [entry.position for entry in page.entries]
    while page.newer is not None:
        page = log.page(before=page.newer, size=size)
        newer = [entry.position for entry in page.entries] + newer
    assert newer + [expected[-1]] == expected


def test_a_position_survives_its_link(tied_history, client_as):
    log = AuditLog(AuditFilter())
    position = log.page(size=3).older
    assert Position.from_token(position.token) == position
    response = client_as("auditor").get(reverse("ledger:audit_log"), {"after": position.token})
    assert [e.position for e in response.context["page"].entries] == [
        e.position for e in log.page(after=position, size=50).entries
    ]


@pytest.mark.parametrize(
    "token", ["x", "2026-01-01T00:00:00~pricing.discountline~1", "2026-01-01T00:00:00+00:00~auth.permission~1"]
)
def test_a_bad_position_is_a_field_error(client_as, api_client_as, seed, token):
    page = client_as("auditor").get(reverse("ledger:audit_log"), {"after": token})
    assert page.status_code == 200 and "Not a place in the audit log" in page.content.decode()
    api = api_client_as("auditor").get("/api/v1/audit-log/", {"before": token})
    assert api.status_code == 400 and "before" in api.json()


# Filters: agreement, amendment, user


def test_the_agreement_filter_keeps_its_records_and_their_deletions(tied_history):
    other = DiscountLineFactory()
    amendment = AmendmentFactory(agreement=tied_history, number=50)
    mine = DiscountLineFactory(table__amendment=amendment, table__schedule__agreement=tied_history)
    release = ReleaseFactory(group__product_line__schedule=ReleaseScheduleFactory(amendment=amendment))
    release_id = release.pk
    release.delete()
    entries = AuditLog(AuditFilter(agreement_id=tied_history.pk)).page(size=500).entries
    ids = {(e.model_label, e.object_id) for e in entries}
    assert ("pricing.discountline", mine.pk) in ids and ("pricing.discountline", other.pk) not in ids
    assert ("contracts.agreement", tied_history.pk) in ids
    assert ("releases.release", release_id) in ids
    assert any(e.kind == "deleted" and e.object_id == release_id for e in entries)
    assert not {label for label, _ in ids} & {"contracts.legalentity", "core.historicaluser", "auth.user"}
    # The same rows as the whole log holds for these records.
    assert len(entries) == AuditLog(AuditFilter(agreement_id=tied_history.pk)).count().number


def _filtered(client, **params):
    response = client.get(reverse("ledger:audit_log"), params)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("typed", [SEED, "general agreement"])
def test_the_agreement_filter_takes_a_key_or_a_name(client_as, seed, typed):
    response = _filtered(client_as("auditor"), agreement=typed)
    assert response.context["form"].cleaned_data["agreement"] == seed
    assert response.context["page"].entries


@pytest.mark.parametrize("typed", [f"{SEED}/3", f"{SEED.lower()}/3", f"{SEED} Amendment 3", "id"])
def test_the_amendment_filter_takes_its_key_or_name(client_as, seed, typed):
    three = Amendment.objects.get(agreement=seed, number=3)
    response = _filtered(client_as("auditor"), amendment=str(three.pk) if typed == "id" else typed)
    assert response.context["form"].cleaned_data["amendment"] == three
    entries = response.context["page"].entries
    assert entries and all(e.amendment_id in (three.pk, None) for e in entries)


def test_the_user_filter_takes_a_username_or_name(client_as, seed, admin_user):
    admin_user.first_name = "Ada"
    admin_user.save()
    client = client_as("auditor")
    for typed in (admin_user.username, str(admin_user.pk), "ada"):
        assert _filtered(client, user=typed).context["form"].cleaned_data["user"] == admin_user


@pytest.mark.parametrize(
    ("field", "typed"),
    [
        ("agreement", "NO-SUCH-AGREEMENT"),
        ("amendment", f"{SEED}/99"),
        ("amendment", "NOPE/1"),
        ("amendment", "999999"),  # an id that is no amendment's
        ("amendment", "Amendment 3"),  # which agreement's?
        ("user", "nobody"),
    ],
)
def test_unknown_records_are_field_errors(client_as, api_client_as, seed, field, typed):
    page = _filtered(client_as("auditor"), **{field: typed})
    assert page.context["form"].errors[field]
    assert page.context.get("page") is None
    api = api_client_as("auditor").get("/api/v1/audit-log/", {field: typed})
    assert api.status_code == 400 and field in api.json()


def test_an_amendment_of_another_agreement_is_a_field_error(client_as, seed):
    other = AmendmentFactory()
    response = _filtered(
        client_as("auditor"), agreement=SEED, amendment=f"{other.agreement.contract_number}/{other.number}"
    )
    assert "is not an amendment of LNM970313MP" in response.context["form"].errors["amendment"][0]


def test_the_filters_are_text_boxes_with_suggestions(client_as, seed):
    html = client_as("auditor").get(reverse("ledger:audit_log")).content.decode()
    for name in ("agreement", "amendment", "user"):
        assert re.search(rf'<input[^>]*name="{name}"[^>]*data-autocomplete', html)
        assert f'<select name="{name}"' not in html


def test_amendment_suggestions_are_named_by_key(client_as, seed):
    client = client_as("auditor")
    url = reverse("autocomplete", args=["amendment"])
    values = [r["value"] for r in client.get(url, {"q": f"{SEED}/"}).json()["results"]]
    assert values == [f"{SEED}/{n}" for n in (1, 2, 3, 4)]
    [three] = client.get(url, {"q": f"{SEED}/3"}).json()["results"]
    assert three["value"] == f"{SEED}/3" and "Amendment 3" in three["label"]


def test_user_suggestions_need_history_access(client_as, seed, admin_user):
    url = reverse("autocomplete", args=["user"])
    assert client_as("buyer").get(url, {"q": "contract"}).status_code == 403
    values = [r["value"] for r in client_as("auditor").get(url, {"q": "contract"}).json()["results"]]
    assert admin_user.username in values


# Every history query is served by an index (h1's test_index_usage also reads PostgreSQL's plans at scale)

_SQLITE_STEP_OK = re.compile(r"^(SEARCH|SCAN subquery|SCAN CONSTANT ROW|SCAN \S+ USING (COVERING )?INDEX)|^(?!SCAN)")


def _unindexed_steps(sql: str) -> list[str]:
    """The steps of `sql`'s plan that read a table without an index.

    SQLite's planner uses no statistics unless ANALYZE ran, so its plan is the same for the test's few
    rows as for a portfolio. PostgreSQL would rightly scan tables this small; with sequential scans
    priced out, a table it still scans is one no index can serve.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            plan = [row[-1] for row in cursor.execute(f"EXPLAIN QUERY PLAN {sql}").fetchall()]
            return [step for step in plan if not _SQLITE_STEP_OK.match(step)]
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}")
        plan = [row[0] for row in cursor.fetchall()]
        cursor.execute("SET LOCAL enable_seqscan = on")
        return [step for step in plan if re.search(r"Seq Scan on \w*historical", step)]


@pytest.mark.parametrize(
    "audit_filter",
    [
        {},
        {"user": True},
        {"agreement": True},
        {"amendment": True},
        {"object_id": 5},
        {"date_from": date(2020, 1, 1), "date_to": date(2040, 1, 1)},
        {"agreement": True, "user": True},
    ],
    ids=["none", "user", "agreement", "amendment", "record", "dates", "agreement+user"],
)
def test_every_history_query_uses_an_index(seed, admin_user, audit_filter):
    three = Amendment.objects.get(agreement=seed, number=3)
    resolved = {
        "user_id": admin_user.pk if audit_filter.get("user") else None,
        "agreement_id": seed.pk if audit_filter.get("agreement") else None,
        "amendment_id": three.pk if audit_filter.get("amendment") else None,
        "object_id": audit_filter.get("object_id"),
        "date_from": audit_filter.get("date_from"),
        "date_to": audit_filter.get("date_to"),
    }
    log = AuditLog(AuditFilter(**resolved))
    position = Position(timezone.now(), "pricing.discountline", 10)
    with CaptureQueriesContext(connection) as queries:
        log.page(size=50)
        log.page(after=position, size=50)
        log.page(before=position, size=50)
        log.count()
    asked = [q["sql"] for q in queries if "UNION ALL" in q["sql"]]
    assert len(asked) == 4
    for sql in asked:
        if not audit_filter and "COUNT(*)" in sql:
            continue  # counting the whole log stops after COUNT_LIMIT rows of any table: no index needed
        assert not _unindexed_steps(sql)
