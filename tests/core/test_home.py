"""The home page: each role's attention lists, with counts, countdowns and links that resolve."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contracts.attention import _with_term_end
from contracts.snapshot import term_standing
from core.attention import attention_lists
from core.pointintime.dates import AsOf
from drafts.models import AmendmentDraft
from tests.factories import (
    AgreementFactory,
    AmendmentFactory,
    ForecastRevisionFactory,
    ReleaseFactory,
    ReleaseGroupFactory,
    ReleaseScheduleFactory,
    TermVersionFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("only_these_providers")]

ON = date(2000, 10, 1)
# The providers these tests are about; other apps' lists (purchases, obligations) are tested by their
# apps, and the whole hook as installed by tests/core/test_home_providers.py.
MINE = ("contracts.attention", "releases.attention", "ledger.attention", "drafts.attention")


def use_providers(monkeypatch, names=MINE):
    from importlib import import_module

    import core.attention

    modules = [import_module(name) for name in names]
    monkeypatch.setattr(core.attention, "provider_modules", lambda: modules)


@pytest.fixture
def only_these_providers(monkeypatch):
    use_providers(monkeypatch)


def build_portfolio(admin_user):
    """One agreement (Term to 2003-03-13) with one release of each kind on 2000-10-01, and an open draft."""
    amendment = AmendmentFactory()
    TermVersionFactory(amendment=amendment)
    group = ReleaseGroupFactory(product_line__schedule=ReleaseScheduleFactory(amendment=amendment))
    overdue = ReleaseFactory(group=group, name_as_written="R. 1.0", ga_as_written="3/00")
    slipped = ReleaseFactory(group=group, name_as_written="R. 2.0", ga_as_written="12/00")
    ForecastRevisionFactory(release=slipped, forecast_as_written="6/01", recorded_on=date(2000, 6, 1))
    needed = ReleaseFactory(group=group, name_as_written="R. 3.0", ga_as_written="6/01", need_by_date=date(2000, 9, 1))
    draft = AmendmentDraft.objects.create(
        agreement=amendment.agreement, number=9, effective_date=date(2000, 12, 1), author=admin_user
    )
    return {
        "agreement": amendment.agreement,
        "group": group,
        "overdue": overdue,
        "slipped": slipped,
        "needed": needed,
        "draft": draft,
    }


@pytest.fixture
def portfolio(admin_user):
    return build_portfolio(admin_user)


def _sections(response):
    return {found.attention.kind: found for found in response.context["lists"]}


def test_anonymous_users_are_sent_to_log_in(client):
    response = client.get("/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_a_contract_admin_sees_every_list_with_its_count(client_as, portfolio):
    response = client_as("admin").get("/", {"on": ON.isoformat()})
    assert response.status_code == 200
    sections = _sections(response)
    mine = [
        "term_end",
        "releases_remedy_required",
        "releases_overdue",
        "releases_slipped",
        "recent_changes",
        "drafts_awaiting",
    ]
    assert [kind for kind in sections if kind in mine] == mine  # in INSTALLED_APPS order
    assert [row.item.title for row in sections["releases_overdue"].rows] == [str(portfolio["overdue"])]
    assert sections["releases_overdue"].attention.total == 1
    assert [row.item.title for row in sections["releases_slipped"].rows] == [str(portfolio["slipped"])]
    assert [row.item.title for row in sections["releases_remedy_required"].rows] == [str(portfolio["needed"])]
    assert sections["drafts_awaiting"].attention.total == 1
    agreement = portfolio["agreement"]
    assert sections["drafts_awaiting"].rows[0].item.title == f"Amendment 9 to {agreement.contract_number}"
    (term,) = sections["term_end"].rows
    assert term.item.due == date(2003, 3, 13) and term.countdown == "in 893 days"
    html = response.content.decode()
    assert 'id="attention-releases_overdue"' in html
    assert 'data-count="1"' in html
    assert "in 893 days" in html
    assert "Go to" in html and reverse("contracts:agreement_list") in html


def test_every_listed_item_and_full_list_link_resolves(client_as, portfolio):
    client = client_as("admin")
    response = client.get("/", {"on": ON.isoformat()})
    urls = [row.item.url for found in response.context["lists"] for row in found.rows]
    urls += [found.attention.more_url for found in response.context["lists"] if found.attention.more_url]
    assert len(urls) >= 10
    wrong = [(url, code) for url in urls if (code := client.get(url).status_code) != 200]
    assert wrong == []


def test_a_buyer_sees_no_drafts_and_no_history(client_as, portfolio):
    response = client_as("buyer").get("/", {"on": ON.isoformat()})
    sections = _sections(response)
    assert "drafts_awaiting" not in sections and "recent_changes" not in sections
    assert sections["releases_overdue"].attention.total == 1
    html = response.content.decode()
    assert "Amendment 9" not in html and reverse("drafts:draft_list") not in html


def test_an_auditor_sees_drafts_and_recent_changes(client_as, portfolio):
    sections = _sections(client_as("auditor").get("/", {"on": ON.isoformat()}))
    assert sections["drafts_awaiting"].attention.total == 1
    assert sections["recent_changes"].attention.total > 0


def test_recent_changes_leave_out_the_users_own(client_as, users, portfolio):
    admin, auditor = users["admin"], users["auditor"]
    # The only change in the log written by a user: the admin renames the agreement.
    agreement = portfolio["agreement"]
    agreement._history_user = admin
    agreement.title = "Renamed Agreement"
    agreement._change_reason = "Typo in the title"
    agreement.save()

    def reasons(user) -> set[str]:
        (changes,) = [found for found in attention_lists(user, on=ON, limit=50) if found.kind == "recent_changes"]
        return {item.detail.partition(": ")[2] for item in changes.items}

    assert "Typo in the title" in reasons(auditor)
    assert "Typo in the title" not in reasons(admin)


def test_after_the_term_releases_are_seen_as_of_its_last_day(client_as, portfolio):
    response = client_as("buyer").get("/", {"on": "2026-11-26"})
    overdue = _sections(response)["releases_overdue"]
    assert "The Term ended on 2003-03-13" in overdue.attention.note
    assert overdue.attention.total == 3  # by 2003 every release of the portfolio is overdue
    assert all("on=2003-03-13" in row.item.url for row in overdue.rows)
    term = _sections(response)["term_end"].rows[0]
    assert "Term ended 2003-03-13" in term.item.title and term.countdown.endswith("days ago")


def test_a_bad_date_is_a_field_error_and_is_kept(client_as, portfolio):
    response = client_as("admin").get("/", {"on": "2000-02-30"})
    assert response.status_code == 200
    html = response.content.decode()
    (box,) = re.findall(r'<input[^>]*name="on"[^>]*>', html)
    assert 'value="2000-02-30"' in box and 'aria-invalid="true"' in box and 'type="text"' in box
    assert '<span class="error" id="id_on_error">On: Enter a valid date.</span>' in html
    assert response.context["lists"] == []
    assert "no date was assumed" in html


def test_without_a_date_the_lists_are_for_today(client_as, portfolio):
    from django.utils import timezone

    response = client_as("buyer").get("/")
    assert response.context["on"] == timezone.localdate()


def test_term_order_in_the_database_agrees_with_term_standing():
    """The expiry the database orders by is the one `term_standing` answers, amendments out of order too."""
    first = AmendmentFactory(effective_date=date(1999, 1, 1), number=2)
    agreement = first.agreement
    later = AmendmentFactory(agreement=agreement, effective_date=date(2000, 1, 1), number=3)
    earlier_number = AmendmentFactory(agreement=agreement, effective_date=date(1999, 6, 1), number=4)
    TermVersionFactory(amendment=first, expiry_date=date(2001, 1, 1))
    TermVersionFactory(amendment=later, expiry_date=date(2004, 1, 1))
    TermVersionFactory(amendment=earlier_number, expiry_date=date(2002, 1, 1))
    in_db = _with_term_end().get(pk=agreement.pk).term_end
    assert in_db == term_standing(agreement, AsOf(on=date(2000, 6, 1))).expiry_date == date(2004, 1, 1)


def _scheduled_agreement(expiry: date, *ga: str):
    amendment = AmendmentFactory(agreement=AgreementFactory())
    TermVersionFactory(amendment=amendment, expiry_date=expiry)
    group = ReleaseGroupFactory(product_line__schedule=ReleaseScheduleFactory(amendment=amendment))
    return [ReleaseFactory(group=group, ga_as_written=text) for text in ga]


def test_each_agreements_releases_are_seen_on_its_date(client_as, portfolio):
    """In Term on the date: on it; ended: on the last Term's end, said; ended earlier: counted out, said."""
    (ended_last,) = _scheduled_agreement(date(2000, 6, 30), "3/00")  # overdue by 2000-06-30
    _scheduled_agreement(date(2000, 1, 31), "12/99")  # ended before: not counted
    overdue = _sections(client_as("buyer").get("/", {"on": ON.isoformat()}))["releases_overdue"]
    assert overdue.attention.total == 2
    assert {row.item.title for row in overdue.rows} == {str(portfolio["overdue"]), str(ended_last)}
    urls = {row.item.title: row.item.url for row in overdue.rows}
    assert urls[str(ended_last)].endswith("?on=2000-06-30")
    assert urls[str(portfolio["overdue"])].endswith("?on=2000-10-01")
    note = overdue.attention.note
    assert "The Term ended on 2000-06-30; showing their releases as of that day." in note
    assert "Not counted here: 1 other agreement whose Term ended before 2000-06-30;" in note
    assert overdue.attention.more_url == "/releases/"  # several agreements: the board asks which


def _home_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/", {"on": ON.isoformat()}).status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["admin", "buyer"])
def test_the_home_page_costs_the_same_with_one_and_many_releases_and_drafts(
    client_as, users, portfolio, role, monkeypatch
):
    """Recent changes are left out here: the audit log reads each record type on its page in one or two
    queries, so their cost follows the mix of the newest changes (see the next test), not their number."""
    use_providers(monkeypatch, [name for name in MINE if name != "ledger.attention"])
    client = client_as(role)
    few = _home_queries(client)
    agreement, group = portfolio["agreement"], portfolio["group"]
    for n in range(30):
        release = ReleaseFactory(group=group, name_as_written=f"R. {n + 10}.0", ga_as_written="4/00")
        ForecastRevisionFactory(release=release, forecast_as_written="9/01", recorded_on=date(2000, 5, 1))
        AmendmentDraft.objects.create(
            agreement=agreement, number=20 + n, effective_date=date(2001, 1, 1), author=users["admin"]
        )
    for expiry in (date(2001, 1, 1), date(2000, 6, 30), date(2000, 1, 31), date(2000, 1, 31)):
        _scheduled_agreement(expiry, "3/00")  # in Term on 2000-10-01, ended last, ended earlier (two)
    many = _home_queries(client)
    assert many == few
    response = client.get("/", {"on": ON.isoformat()})
    overdue = _sections(response)["releases_overdue"]
    # 31 of the first agreement, one each of the agreement in Term and of the one whose Term ended last
    assert overdue.attention.total == 33 and len(overdue.rows) == 8  # counted all, listed the soonest 8
    assert "releases overdue (25 not shown here)" in response.content.decode()


def test_recent_changes_cost_no_more_with_many_changes(users, portfolio):
    from ledger.attention import attention_lists as recent_changes

    draft = portfolio["draft"]

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            (found,) = recent_changes(users["auditor"], on=ON, limit=8)
        assert len(found.items) == 8
        return len(captured)

    def edit(times: int) -> None:
        for n in range(times):
            draft.note = f"Note {n}"
            draft.save()

    # The log reads each record type on its page in a few queries (`ledger.audit`): the cost follows the
    # types among the newest changes, never their number. Here one type, at 8 and at 168 changes.
    edit(8)
    few = queries()
    edit(160)
    many = queries()
    assert max(few, many) <= 8, (few, many)


# What tests/drafts/test_drafts_count_nowhere.py should leave out of the home page: the lists that are
# about drafts and history, shown to those who may see them.
ABOUT_DRAFTS = re.compile(
    r'<section class="attention" id="attention-(?:drafts_awaiting|recent_changes)".*?</section>', re.S
)
_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


@pytest.mark.parametrize("role", ["buyer", "auditor"])
def test_a_draft_changes_nothing_on_home_but_the_drafts_and_history_lists(client_as, users, portfolio, role):
    client = client_as(role)

    def home() -> str:
        return ABOUT_DRAFTS.sub("", _TOKEN.sub("", client.get("/", {"on": ON.isoformat()}).content.decode()))

    before = home()
    AmendmentDraft.objects.create(
        agreement=portfolio["agreement"], number=10, effective_date=date(2000, 10, 5), author=users["admin"]
    )
    assert home() == before
