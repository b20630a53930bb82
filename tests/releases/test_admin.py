"""The Django admin: Exhibit B text is read-only, revisions record who entered them."""

from datetime import date

from django.urls import reverse

from releases.models import ForecastRevision
from tests.releases.test_recording import REVISION


def test_admin_release_page_keeps_the_exhibit_text_read_only(client_as, make_release):
    release = make_release("R. 1.0", ga="3/00")
    response = client_as("admin").get(reverse("admin:releases_release_change", args=[release.pk]))
    assert response.status_code == 200
    form_fields = response.context["adminform"].form.fields
    # Besides the shared audit fields (reason, edit-conflict check), only what admins record is editable.
    editable = {name for name, field in form_fields.items() if not field.widget.is_hidden} - {"change_reason"}
    assert editable == {"ci_fsa_actual_date", "ga_actual_date", "need_by_date"}


def test_admin_revision_records_who_entered_it(client_as, make_release, admin_user):
    release = make_release("R. 1.0", ga="3/00")
    response = client_as("admin").post(
        reverse("admin:releases_forecastrevision_add"),
        {**REVISION, "release": release.pk, "forecast_as_written": "5/00"},
    )
    assert response.status_code == 302
    revision = ForecastRevision.objects.get()
    assert revision.recorded_by == admin_user
    assert revision.window().end == date(2000, 5, 31)


def test_admin_lists_load(client_as, make_release):
    make_release("R. 1.0", ga="3/00")
    client = client_as("admin")
    for model in ("releaseschedule", "productline", "releasegroup", "release", "forecastrevision", "remedy"):
        assert client.get(reverse(f"admin:releases_{model}_changelist")).status_code == 200


def test_admin_inline_revision_records_who_and_why(client_as, make_release, admin_user):
    release = make_release("R. 1.0", ga="3/00")
    prefix_revisions, prefix_remedies = "revisions", "remedies"
    data = {
        "need_by_date": "2000-04-01",
        "change_reason": "Seller letter of 2000-02-01",
        f"{prefix_revisions}-TOTAL_FORMS": "1",
        f"{prefix_revisions}-INITIAL_FORMS": "0",
        f"{prefix_revisions}-0-milestone": "ga",
        f"{prefix_revisions}-0-forecast_as_written": "6/00",
        f"{prefix_revisions}-0-recorded_on": "2000-02-01",
        f"{prefix_revisions}-0-reason": "slip",
        f"{prefix_remedies}-TOTAL_FORMS": "0",
        f"{prefix_remedies}-INITIAL_FORMS": "0",
    }
    client = client_as("admin")
    url = reverse("admin:releases_release_change", args=[release.pk])
    form = client.get(url).context["adminform"].form
    # Carry over what the page hands out (e.g. the shared edit-conflict check's hidden fields).
    data.update({name: form[name].value() for name, field in form.fields.items() if field.widget.is_hidden})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    revision = ForecastRevision.objects.get()
    assert revision.recorded_by == admin_user
    assert revision.history.get().history_change_reason == "Seller letter of 2000-02-01"


def test_admin_picks_big_tables_by_autocomplete_and_does_not_count_them_twice(client_as, make_release):
    release = make_release("R. 1.0", ga="3/00")
    client = client_as("admin")
    pages = {
        "releaseschedule": ("amendment", release.group.product_line.schedule.pk),
        "productline": ("schedule", release.group.product_line.pk),
        "releasegroup": ("product_line", release.group.pk),
    }
    for model, (field, pk) in pages.items():
        response = client.get(reverse(f"admin:releases_{model}_change", args=[pk]))
        assert response.status_code == 200
        widget = str(response.context["adminform"].form[field])
        assert "admin-autocomplete" in widget  # a search box, not a select of every row
        assert widget.count("<option") <= 2  # at most the current choice and the empty one
    changelist = client.get(reverse("admin:releases_release_changelist"))
    assert changelist.context["cl"].show_full_result_count is False
    # No filter listing every product line of every agreement.
    assert [spec.title for spec in changelist.context["cl"].filter_specs] == ["column ambiguous"]
