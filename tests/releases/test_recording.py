"""Admins record revisions, actual and need-by dates and remedies; buyers and auditors only read."""

from datetime import date

import pytest
from django.urls import reverse

from releases.models import ForecastRevision, Remedy
from tests.factories import RemedyFactory

# A forecast revision and a remedy (b) as an admin enters them.
REVISION = {"milestone": "ga", "forecast_as_written": "4/00", "recorded_on": "2000-02-01", "reason": "why"}
REMEDY_B = {
    "option": "b",
    "agreed_on": "2000-04-02",
    "substitute_description": "Third-party OC-48 mux",
    "substitute_supplier": "Nortel",
    "purchase_amount": "125000.00",
    "substitute_provided_on": "2000-04-10",
}


@pytest.fixture
def release(make_release):
    return make_release("R. 2.0", ci_fsa="1/00", ga="3/00")


@pytest.fixture
def remedy(release):
    return RemedyFactory(release=release, option="a", agreed_on=date(2000, 2, 1), substitute_description="R. 1.5")


def _write_urls(release, remedy):
    return [
        reverse("releases:release_edit", args=[release.pk]),
        reverse("releases:forecastrevision_add", args=[release.pk]),
        reverse("releases:remedy_add", args=[release.pk]),
        reverse("releases:remedy_edit", args=[remedy.pk]),
    ]


@pytest.mark.parametrize("role", ["buyer", "auditor"])
def test_readers_cannot_open_or_post_the_forms(client_as, role, release, remedy):
    client = client_as(role)
    for url in _write_urls(release, remedy):
        assert client.get(url).status_code == 403
        assert client.post(url, {"reason": "x"}).status_code == 403
    assert not ForecastRevision.objects.exists()
    assert client.get(release.get_absolute_url()).status_code == 200


def test_anonymous_users_are_sent_to_log_in(client, release, remedy):
    for url in [*_write_urls(release, remedy), release.get_absolute_url(), reverse("releases:release_list")]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_admin_records_a_forecast_revision_with_who_and_why(client_as, release, admin_user):
    client = client_as("admin")
    url = reverse("releases:forecastrevision_add", args=[release.pk])
    response = client.post(url, {**REVISION, "forecast_as_written": "2Q00", "reason": "Test lab delay"})
    assert response.status_code == 302
    revision = ForecastRevision.objects.get()
    assert (revision.release, revision.forecast_as_written, revision.recorded_by) == (
        release,
        "2Q00",
        admin_user,
    )
    record = revision.history.get()
    assert record.history_user == admin_user
    assert record.history_change_reason == "Forecast revised: Test lab delay"
    page = client.get(release.get_absolute_url(), {"on": "2000-02-01"}).content.decode()
    assert "slipped" in page and "Test lab delay" in page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"forecast_as_written": "13/00"}, "forecast_as_written", "month 13"),
        ({"forecast_as_written": "Under Review"}, "forecast_as_written", "needs a date"),
        ({"reason": ""}, "reason", "required"),
        ({"milestone": "beta"}, "milestone", "not one of the available choices"),
        ({"recorded_on": "2999-01-01"}, "recorded_on", "Cannot be in the future"),
    ],
)
def test_a_bad_revision_is_refused_naming_the_field(client_as, release, data, field, message):
    response = client_as("admin").post(
        reverse("releases:forecastrevision_add", args=[release.pk]), {**REVISION, **data}
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not ForecastRevision.objects.exists()


def _opened(client, url):
    """What the edit page hands out with the form: the version the edit starts from."""
    return {"base_version": client.get(url).context["form"]["base_version"].value() or ""}


def test_admin_records_actual_and_need_by_dates(client_as, release, admin_user):
    url = reverse("releases:release_edit", args=[release.pk])
    client = client_as("admin")
    response = client.post(
        url,
        {
            **_opened(client, url),
            "ci_fsa_actual_date": "2000-01-20",
            "ga_actual_date": "2000-04-03",
            "need_by_date": "2000-04-01",
            "change_reason": "GA notice of 2000-04-03",
        },
    )
    assert response.status_code == 302
    release.refresh_from_db()
    assert (release.ga_actual_date, release.need_by_date) == (date(2000, 4, 3), date(2000, 4, 1))
    latest = release.history.first()
    assert (latest.history_user, latest.history_change_reason) == (admin_user, "GA notice of 2000-04-03")


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"ci_fsa_actual_date": "2000-05-01", "ga_actual_date": "2000-04-01"},
            "ga_actual_date",
            "before CI/FSA",
        ),
        ({"ga_actual_date": "2999-01-01"}, "ga_actual_date", "cannot be in the future"),
        ({"need_by_date": "2000-02-31"}, "need_by_date", "valid date"),
        ({"need_by_date": "2000-02-01", "change_reason": ""}, "change_reason", "required"),
        ({"need_by_date": "2000-02-01", "change_reason": "\u200b \u2800"}, "change_reason", "required"),
    ],
)
def test_bad_tracking_dates_are_refused(client_as, release, data, field, message):
    client = client_as("admin")
    url = reverse("releases:release_edit", args=[release.pk])
    data = {"change_reason": "why", **_opened(client, url), **data}
    response = client.post(url, data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])


def test_admin_records_remedy_b_and_its_change_out(client_as, release):
    client = client_as("admin")
    response = client.post(reverse("releases:remedy_add", args=[release.pk]), REMEDY_B)
    assert response.status_code == 302
    remedy = Remedy.objects.get()
    assert remedy.counts_toward_purchase_commitment
    assert remedy.status_on(date(2000, 4, 20)) == "substitute in service, change-out pending"
    edit_url = reverse("releases:remedy_edit", args=[remedy.pk])
    response = client.post(
        edit_url,
        {
            **_opened(client, edit_url),
            **REMEDY_B,
            "changed_out_on": "2000-06-01",
            "change_reason": "Lucent product installed, substitute removed",
        },
    )
    assert response.status_code == 302
    remedy.refresh_from_db()
    assert remedy.status_on(date(2000, 6, 1)) == "changed out"
    assert remedy.history.count() == 2
    assert remedy.history.first().history_change_reason == "Lucent product installed, substitute removed"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"option": ""}, "option", "required"),
        ({"option": "b", "substitute_supplier": ""}, "substitute_supplier", "name its supplier"),
        ({"option": "a", "purchase_amount": "10.00"}, "purchase_amount", "Only remedy (b)"),
        ({"changed_out_on": "2000-05-01"}, "changed_out_on", "Record when the substitute was provided"),
        (
            {"substitute_provided_on": "2000-05-02", "changed_out_on": "2000-05-01"},
            "changed_out_on",
            "cannot be before the substitute",
        ),
    ],
)
def test_a_bad_remedy_is_refused_naming_the_field(client_as, release, data, field, message):
    good = {
        "option": "a",
        "agreed_on": "2000-04-02",
        "substitute_description": "R. 1.5",
        "substitute_supplier": "",
    }
    response = client_as("admin").post(reverse("releases:remedy_add", args=[release.pk]), {**good, **data})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Remedy.objects.exists()


def test_an_edit_on_a_stale_copy_is_refused(client_as, release):
    client = client_as("admin")
    url = reverse("releases:release_edit", args=[release.pk])
    opened = client.get(url).context["form"]["base_version"].value()
    data = {"need_by_date": "2000-04-01", "change_reason": "first", "base_version": opened}
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "need_by_date": "2000-05-01", "change_reason": "second"})
    assert response.status_code == 409
    assert "after you opened it" in " ".join(response.context["form"].non_field_errors())
    release.refresh_from_db()
    assert release.need_by_date == date(2000, 4, 1)


def test_changing_a_recorded_remedy_needs_a_reason(client_as, remedy):
    client = client_as("admin")
    url = reverse("releases:remedy_edit", args=[remedy.pk])
    data = {**_opened(client, url), "option": "a", "agreed_on": "2000-02-01", "substitute_description": "R. 1.6"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Say why you are changing this record" in response.content.decode()
    remedy.refresh_from_db()
    assert remedy.substitute_description == "R. 1.5"
