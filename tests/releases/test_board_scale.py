"""The release board and timeline with a portfolio: one agreement at a time, paged and counted in the
database, the same queries and about the same response whether there is one agreement or twenty."""

from datetime import date
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from releases.board import milestone_facts
from releases.models import Release
from releases.slips import Flag, assess
from tests.factories import (
    AgreementFactory,
    ForecastRevisionFactory,
    ProductLineFactory,
    ReleaseFactory,
    ReleaseGroupFactory,
    ReleaseScheduleFactory,
    RemedyFactory,
)

PAGE = reverse("releases:release_list")
API = "/api/v1/releases/"
TIMELINE = reverse("releases:schedule_timeline")
ON = "2000-06-01"
GA_TEXTS = ["3/00", "9/00", "Under Review", "2Q00", "Now", "12/15/00"]


def add_agreement(lines=3, per_line=4, *, title="General Agreement"):
    """An agreement whose Exhibit B has `lines` product lines of `per_line` releases, with forecast
    revisions, need-by dates and remedies on some of them."""
    agreement = AgreementFactory(title=title)
    schedule = ReleaseScheduleFactory(
        amendment__agreement=agreement, amendment__number=3, amendment__effective_date=date(1999, 11, 15)
    )
    for position in range(1, lines + 1):
        group = ReleaseGroupFactory(
            product_line=ProductLineFactory(schedule=schedule, position=position, name=f"LINE {position}")
        )
        for row in range(1, per_line + 1):
            n = position * per_line + row
            release = ReleaseFactory(
                group=group,
                position=row,
                name_as_written=f"R. {position}.{row}",
                ga_as_written=GA_TEXTS[n % len(GA_TEXTS)],
                need_by_date=date(2000, 4, 1) if n % 3 == 0 else None,
            )
            if n % 2:
                ForecastRevisionFactory(release=release, forecast_as_written="11/00", recorded_on=date(2000, 2, 1))
            if n % 5 == 0:
                RemedyFactory(release=release, agreed_on=date(2000, 5, 1))
    return agreement


def measure(client, url, params):
    client.get(url, params)  # warm the session and permission caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200, response.content[:500]
    return len(queries), len(response.content), queries


@pytest.mark.parametrize("url", [PAGE, API, TIMELINE, f"{PAGE}?_export=csv"])
def test_one_agreement_costs_the_same_among_twenty(client_as, url, db):
    client = client_as("buyer")
    first = add_agreement()
    params = {"agreement": first.contract_number, "on": ON}
    queries_alone, size_alone, _ = measure(client, url, params)
    for _ in range(19):
        add_agreement()
    queries_among, size_among, _ = measure(client, url, params)
    assert queries_among == queries_alone
    assert abs(size_among - size_alone) <= 200  # the same rows; only ids and tokens differ


def test_a_page_reads_only_its_own_rows(api_client_as, db):
    agreement = add_agreement(lines=4, per_line=10)
    add_agreement()
    with CaptureQueriesContext(connection) as queries:
        response = api_client_as("buyer").get(API, {"agreement": agreement.contract_number, "on": ON, "limit": 5})
    body = response.json()
    assert (body["count"], len(body["results"]), body["agreement"]) == (40, 5, agreement.contract_number)
    rows = [q["sql"] for q in queries.captured_queries if q["sql"].startswith('SELECT "releases_release"."id"')]
    assert len(rows) == 1 and "LIMIT 5" in rows[0]  # the page's rows, not the agreement's
    assert any("COUNT(" in q["sql"] for q in queries.captured_queries)


def _expected(agreement, flag, as_of=date(2000, 6, 1)):
    """The agreement's releases carrying `flag`, as `slips.assess` says."""
    releases = Release.objects.of_agreement(agreement).for_slips()
    return {r.pk for r in releases if assess(milestone_facts(r, "ga"), as_of=as_of).has(flag)}


@pytest.mark.parametrize("flag", [Flag.OVERDUE, Flag.SLIPPED, Flag.ON_TRACK, Flag.REMEDY_REQUIRED, Flag.NO_COMMITMENT])
def test_a_flag_filters_and_counts_in_the_database(client_as, api_client_as, flag, db):
    agreement = add_agreement(lines=4, per_line=5)
    other = add_agreement(lines=4, per_line=5)
    expected = _expected(agreement, flag)
    assert expected  # the data has the case
    params = {"agreement": agreement.contract_number, "on": ON, "flag": flag.name.lower()}
    body = api_client_as("buyer").get(API, {**params, "limit": 500}).json()
    assert body["count"] == len(expected)
    assert {row["id"] for row in body["results"]} == expected
    assert all(flag.value in row["status"]["flags"] for row in body["results"])

    response = client_as("buyer").get(PAGE, {**params, "per_page": 3})
    shown = {row.release.pk for row in response.context["table"].page.object_list.data}
    assert len(shown) == min(3, len(expected)) and shown <= expected
    html = response.content.decode()
    assert f"{len(expected)} release{'s' if len(expected) != 1 else ''} shown;" in html
    assert f"; {len(expected)} {flag.value}" in html
    assert not expected & set(Release.objects.of_agreement(other).values_list("pk", flat=True))


def test_every_flag_is_counted(client_as, db):
    agreement = add_agreement(lines=4, per_line=5)
    add_agreement()
    response = client_as("buyer").get(PAGE, {"agreement": agreement.contract_number, "on": ON})
    counts = dict(response.context["flag_counts"])
    assert counts == {flag: n for flag in Flag if (n := len(_expected(agreement, flag)))}


@pytest.mark.parametrize("named_by", ["contract_number", "pk", "title"])
def test_the_agreement_is_named_by_key_id_or_title(client_as, api_client_as, named_by, db):
    add_agreement()
    agreement = add_agreement(lines=1, per_line=2, title="Metro Fiber General Agreement")
    value = str(getattr(agreement, named_by))
    response = client_as("auditor").get(PAGE, {"agreement": value.upper() if named_by == "title" else value})
    assert {row.release.pk for row in response.context["table"].data} == set(
        Release.objects.of_agreement(agreement).values_list("pk", flat=True)
    )
    body = api_client_as("auditor").get(API, {"agreement": value}).json()
    assert (body["agreement"], body["count"]) == (agreement.contract_number, 2)


@pytest.mark.parametrize("value", ["NO-SUCH-AGREEMENT", "999999", "' OR 1=1 --", "x" * 500])
def test_an_unknown_agreement_is_a_field_error(client_as, api_client_as, value, db):
    add_agreement()
    response = client_as("buyer").get(PAGE, {"agreement": value})
    assert response.status_code == 200
    assert "Agreement: No agreement has the key, id or name" in response.content.decode()
    assert list(response.context["table"].data) == []
    api = api_client_as("buyer").get(API, {"agreement": value})
    assert api.status_code == 400 and "agreement" in api.json()


def test_with_several_agreements_the_user_chooses_one(client_as, api_client_as, db):
    add_agreement()
    add_agreement()
    client = client_as("buyer")
    page = client.get(PAGE)
    assert page.status_code == 200 and 'id="choose-agreement"' in page.content.decode()
    assert list(page.context["table"].data) == []
    asked = client.get(PAGE, {"on": ON})
    assert "Agreement: Several agreements have a release schedule" in asked.content.decode()
    api = api_client_as("buyer").get(API, {"on": ON})
    assert api.status_code == 400 and "Several agreements" in api.json()["agreement"][0]
    timeline = client.get(TIMELINE)
    assert 'id="choose-agreement"' in timeline.content.decode() and "<svg" not in timeline.content.decode()


def test_with_one_agreement_it_is_inferred(client_as, api_client_as, db):
    agreement = add_agreement(lines=1, per_line=3)
    assert len(client_as("buyer").get(PAGE).context["table"].data) == 3
    assert api_client_as("buyer").get(API).json()["agreement"] == agreement.contract_number
    timeline = client_as("buyer").get(TIMELINE, {"on": ON}).content.decode()
    assert "<svg" in timeline and agreement.contract_number in timeline


def test_a_product_line_is_named_within_the_agreement(client_as, api_client_as, db):
    agreement = add_agreement(lines=3, per_line=2)
    add_agreement(lines=3, per_line=2)  # the same names in another agreement
    twice = ProductLineFactory(
        schedule=Release.objects.of_agreement(agreement).first().group.product_line.schedule,
        position=9,
        name="LINE 2",  # the exhibit lists some product lines twice
    )
    ReleaseFactory(group=ReleaseGroupFactory(product_line=twice), name_as_written="R. 9.1", ga_as_written="3/00")
    api = api_client_as("buyer")

    def names(**params):
        response = api.get(API, {"agreement": agreement.contract_number, "on": ON, **params})
        assert response.status_code == 200, response.json()
        return sorted(row["name_as_written"] for row in response.json()["results"])

    assert names(product_line="line 2") == ["R. 2.1", "R. 2.2", "R. 9.1"]
    assert names(product_line=str(twice.pk)) == ["R. 9.1"]
    other_line = Release.objects.exclude(pk__in=Release.objects.of_agreement(agreement)).first().group.product_line
    response = api.get(API, {"agreement": agreement.contract_number, "product_line": str(other_line.pk)})
    assert response.status_code == 400 and "has no product line" in response.json()["product_line"][0]
    page = client_as("buyer").get(PAGE, {"agreement": agreement.contract_number, "product_line": "LINE 2"})
    html = page.content.decode()
    assert 'data-autocomplete="/autocomplete/productline/"' in html and "<option" not in html.split("Milestone")[0]
    assert len(page.context["table"].data) == 3


def test_product_line_suggestions_name_their_agreement(client_as, db):
    agreement = add_agreement(lines=2, per_line=1)
    response = client_as("buyer").get(reverse("autocomplete", args=["productline"]), {"q": "line 2"})
    assert response.status_code == 200
    [suggestion] = response.json()["results"]
    assert suggestion["value"] == "LINE 2" and agreement.contract_number in suggestion["label"]


def test_pages_of_the_board_neither_overlap_nor_skip(client_as, db):
    agreement = add_agreement(lines=5, per_line=5)
    client = client_as("buyer")
    seen = []
    for sort in ("", "-days_of_slip", "deadline", "-forecast", "revisions"):
        seen = []
        for page in (1, 2, 3):
            params = {"agreement": agreement.contract_number, "on": ON, "per_page": 10, "page": page, "sort": sort}
            seen += [row.release.pk for row in client.get(PAGE, params).context["table"].page.object_list.data]
        assert sorted(seen) == sorted(Release.objects.of_agreement(agreement).values_list("pk", flat=True)), sort


def test_per_page_is_bounded(client_as, db):
    agreement = add_agreement(lines=1, per_line=3)
    client = client_as("buyer")
    for per_page in ("0", "-4", "100000"):
        params = {"agreement": agreement.contract_number, "per_page": per_page}
        response = client.get(PAGE, params)
        assert response.status_code == 200
        assert 1 <= len(response.context["table"].page.object_list) <= 3


def test_links_carry_the_agreement(client_as, db):
    add_agreement()
    agreement = add_agreement(lines=1, per_line=1)
    release = Release.objects.of_agreement(agreement).get()
    key = quote(agreement.contract_number)
    detail = client_as("buyer").get(release.get_absolute_url(), {"on": ON}).content.decode()
    assert f"{PAGE}?agreement={key}&amp;on={ON}" in detail
    line = client_as("buyer").get(release.group.product_line.get_absolute_url(), {"on": ON}).content.decode()
    assert f"{PAGE}?agreement={key}&amp;on={ON}&amp;product_line=LINE%201" in line


def test_a_bad_date_is_never_replaced_by_today(client_as, db):
    release = Release.objects.of_agreement(add_agreement(lines=1, per_line=1)).get()
    for url in (release.get_absolute_url(), TIMELINE, release.group.product_line.get_absolute_url()):
        html = client_as("buyer").get(url, {"on": "2000-02-30"}).content.decode()
        assert "On: Enter a valid date." in html
        assert "no date was assumed" in html and "(today)" not in html and "<svg" not in html
