"""A bad filter value is treated the same way on every page: the field is marked with the message, what
was typed is kept in the box, and nothing is silently put in its place (no "today", no "every line").

The list pages are found from the URL conf (every `FilteredTableView` whose filters read a date or a
number), so a new list page is checked without editing this file; pages with their own form are listed.

Where there is no field to mark, the answer is an error naming it, never an empty answer that would
read as "nothing matches": an export of a list page (`_export=csv`, any format) and an API list answer
400. Those routes come from `test_bad_input._filtered_routes` (pages and `/api/v1/` endpoints); each
typed field is probed with the first value its own form rejects; free text has none and is left out.
"""

import html
import re

import pytest
from django import forms
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from core.forms import INVALID_FILTERS, YesNoField, keep_typed_input
from core.views import FilteredTableView
from tests.core.test_bad_input import _filtered_routes
from tests.factories import AgreementFactory, ReleaseFactory

pytestmark = pytest.mark.django_db

BAD = {"date": "2/30/99", "datetime": "2026-13-45 25:99", "number": "12abc"}
# The messages Django's fields give for each kind of bad value.
MESSAGES = {"date": "Enter a valid date", "datetime": "Enter a valid date", "number": "Enter a"}
FALLBACKS = ["no date given", "(today)", "No discount line matches", "every line of every amendment"]


def _kind(field: forms.Field) -> str | None:
    if isinstance(field, forms.DateTimeField):
        return "datetime"
    if isinstance(field, forms.DateField):
        return "date"
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        return "number"
    return None


def _list_pages(patterns=None, namespace=None):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace != "admin":
                yield from _list_pages(entry.url_patterns, entry.namespace or namespace)
        elif isinstance(entry, URLPattern) and entry.name and not entry.pattern.regex.groupindex:
            view = getattr(entry.callback, "view_class", None)
            if view is not None and issubclass(view, FilteredTableView) and view.filterset_class is not None:
                name = f"{namespace}:{entry.name}" if namespace else entry.name
                for field, filter_ in view.filterset_class.base_filters.items():
                    if kind := _kind(filter_.field):
                        yield name, field, kind


LIST_PAGES = sorted(set(_list_pages()))
# Pages with their own filter form: (URL name, needs an object, field, kind).
FORM_PAGES = [
    ("ledger:audit_log", None, "date_from", "datetime"),
    ("ledger:audit_log", None, "date_to", "datetime"),
    ("ledger:audit_log", None, "object_id", "number"),
    ("contracts:legalentity_lookup", None, "on", "date"),
    ("contracts:legalentity_lookup", None, "as_agreed", "date"),
    ("contracts:agreement_detail", "agreement", "on", "date"),
    ("contracts:agreement_detail", "agreement", "as_agreed", "date"),
    ("releases:schedule_timeline", None, "on", "date"),
    ("releases:release_detail", "release", "on", "date"),
]


def test_the_list_pages_with_date_or_number_filters_are_found():
    names = {name for name, _, _ in LIST_PAGES}
    assert {"pricing:discount_list", "releases:release_list"} <= names
    assert ("releases:release_list", "deadline_from", "date") in LIST_PAGES


def _input(page: str, name: str) -> str:
    tags = re.findall(rf'<input[^>]*\bname="{re.escape(name)}"[^>]*>', page)
    assert len(tags) == 1, tags
    return tags[0]


def _check(response, field: str, kind: str) -> str:
    assert response.status_code in (200, 400)
    page = response.content.decode()
    box = _input(page, field)
    assert 'aria-invalid="true"' in box
    assert f'value="{html.escape(BAD[kind])}"' in box or f'value="{BAD[kind]}"' in box  # what was typed, kept
    assert 'type="text"' in box  # a date or number box would show it empty
    error = re.search(rf'<span class="error" id="id_{field}_error">([^<]*)</span>', page) or re.search(
        r'<span class="error"[^>]*>([^<]*)</span>', page
    )
    assert error is not None and MESSAGES[kind] in page
    for fallback in FALLBACKS:
        assert fallback not in page, fallback
    return page


@pytest.mark.parametrize(("name", "field", "kind"), LIST_PAGES)
def test_list_page_marks_keeps_and_does_not_replace_a_bad_value(client_as, name, field, kind):
    response = client_as("admin").get(reverse(name), {field: BAD[kind]})
    page = _check(response, field, kind)
    assert INVALID_FILTERS in page  # the table says why it is empty, not "nothing matches"


@pytest.mark.parametrize(("name", "obj", "field", "kind"), FORM_PAGES)
def test_form_page_marks_keeps_and_does_not_replace_a_bad_value(client_as, name, obj, field, kind):
    args = []
    if obj == "agreement":
        args = [AgreementFactory().pk]
    elif obj == "release":
        args = [ReleaseFactory().pk]
    response = client_as("admin").get(reverse(name, args=args), {field: BAD[kind]})
    _check(response, field, kind)


def test_a_valid_value_keeps_the_browsers_picker(client_as):
    page = client_as("admin").get(reverse("pricing:discount_list"), {"on": "2000-01-01"}).content.decode()
    box = _input(page, "on")
    assert 'type="date"' in box and 'value="2000-01-01"' in box and "aria-invalid" not in box


def test_keep_typed_input_leaves_valid_and_unbound_forms_alone():
    class Dates(forms.Form):
        day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
        count = forms.IntegerField(min_value=1)

    unbound = keep_typed_input(Dates())
    assert 'type="number"' in str(unbound["count"])
    form = Dates({"day": "2000-01-01", "count": "x"})
    keep_typed_input(form)
    assert 'type="date"' in str(form["day"])
    count = str(form["count"])
    assert 'type="text"' in count and 'value="x"' in count and "min=" not in count


# Exports and the API: an error naming the field.

CANDIDATES = ["2/30/99", "abc", "nope-not-a-key"]
ROLE = "admin"  # may read every list, so a 403 cannot stand in for the answer under test


def _is_api(name):
    return reverse(name).startswith("/api/")


def _answers_the_filters(name):
    """An API route applies its filterset when it lists (`filterset_class` also reaches a viewset's
    other actions, such as the entity lookup, which reads its own parameters)."""
    actions = getattr(resolve(reverse(name)).func, "actions", None)
    return actions is None or actions.get("get") == "list"


ROUTES = [
    (name, filterset) for name, filterset in _filtered_routes() if not _is_api(name) or _answers_the_filters(name)
]
PAGES = [(name, filterset) for name, filterset in ROUTES if not _is_api(name)]
APIS = [(name, filterset) for name, filterset in ROUTES if _is_api(name)]


def _is_free_text(field):
    return type(field) is forms.CharField


def _bad_values(filterset):
    """{field: (value, bound form)} for each typed field: the first candidate the filter form rejects."""
    bad = {}
    for field_name, field in filterset().form.fields.items():
        if _is_free_text(field):
            continue
        for value in CANDIDATES:
            form = filterset({field_name: value}).form
            if field_name in form.errors:
                bad[field_name] = (value, form)
                break
        else:
            bad[field_name] = (None, None)
    return bad


def test_every_checkbox_filter_reads_yes_or_no_strictly():
    """Django's own checkbox reads any text but "false" as ticked (`?only_variances=0` meant yes)."""
    lenient = [
        (name, field_name)
        for name, filterset in ROUTES
        for field_name, field in filterset().form.fields.items()
        if isinstance(field.widget, forms.CheckboxInput) and not isinstance(field, YesNoField)
    ]
    assert lenient == []


def test_every_typed_filter_field_rejects_a_bad_value(seed):
    unrejected = [
        (name, field)
        for name, filterset in ROUTES
        for field, (value, _) in _bad_values(filterset).items()
        if value is None
    ]
    assert unrejected == []


@pytest.mark.parametrize(("name", "filterset"), PAGES, ids=[name for name, _ in PAGES])
def test_page_marks_the_field_and_export_answers_400_naming_it(client_as, seed, name, filterset):
    client = client_as(ROLE)
    url = reverse(name)
    formats = resolve(url).func.view_class.export_formats
    failures = []
    for field_name, (value, form) in _bad_values(filterset).items():
        messages = form.errors[field_name]
        page = client.get(url, {field_name: value})
        if page.status_code != 200 or field_name not in page.context["filter"].form.errors:
            failures.append((field_name, "page", page.status_code))
        elif html.escape(messages[0]) not in page.content.decode():
            failures.append((field_name, "page does not say", messages[0]))
        for export_format in formats:
            export = client.get(url, {field_name: value, "_export": export_format})
            body = b"".join(export.streaming_content) if export.streaming else export.content
            expected = f"{form[field_name].label}: {messages[0]}"
            if (export.status_code, export["Content-Type"]) != (400, "text/plain; charset=utf-8"):
                failures.append((field_name, export_format, export.status_code, export["Content-Type"]))
            elif expected not in body.decode():
                failures.append((field_name, export_format, "does not say", expected))
    assert failures == []


def test_an_export_names_every_bad_field(client_as, seed):
    response = client_as(ROLE).get(
        reverse("releases:release_list"), {"on": "2/30/99", "flag": "nope", "q": "DDM", "_export": "csv"}
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "On: Enter a valid date." in lines
    assert any(line.startswith("Flag: Select a valid choice.") for line in lines)


def test_an_export_names_a_range_given_backwards(client_as, seed):
    response = client_as(ROLE).get(
        reverse("purchases:purchase_list"),
        {"ordered_from": "2000-02-01", "ordered_to": "2000-01-01", "_export": "xlsx"},
    )
    assert response.status_code == 400
    assert any(line.startswith("Ordered to: ") for line in response.content.decode().splitlines())


def test_an_export_with_good_filters_is_still_a_file(client_as, seed):
    response = client_as(ROLE).get(reverse("releases:release_list"), {"on": "2000-06-01", "_export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"


@pytest.mark.parametrize(("name", "filterset"), APIS, ids=[name for name, _ in APIS])
def test_api_answers_400_naming_the_field(api_client_as, seed, name, filterset):
    api = api_client_as(ROLE)
    url = reverse(name)
    failures = []
    for field_name, (value, _) in _bad_values(filterset).items():
        response = api.get(url, {field_name: value})
        if response.status_code != 400 or field_name not in response.json():
            failures.append((field_name, value, response.status_code, response.content[:200]))
    assert failures == []


@pytest.mark.parametrize(("name", "filterset"), PAGES, ids=[name for name, _ in PAGES])
def test_an_export_in_a_format_the_list_does_not_offer_answers_400(client_as, seed, name, filterset):
    # django-tables2 would export any format tablib knows (json, yaml, html...): a list offers only its own.
    url = reverse(name)
    offered = resolve(url).func.view_class.export_formats
    response = client_as(ROLE).get(url, {"_export": "json"})
    assert (response.status_code, response["Content-Type"]) == (400, "text/plain; charset=utf-8")
    assert response.content.decode() == f"Export: no json export here; choose {', '.join(offered)}.\n"


def test_the_audit_log_export_names_a_bad_filter_and_refuses_other_formats(client_as, seed):
    client = client_as("auditor")
    url = reverse("ledger:audit_log")
    bad = client.get(url, {"date_from": "2/30/99", "_export": "csv"})
    assert (bad.status_code, bad["Content-Type"]) == (400, "text/plain; charset=utf-8")
    assert any(line.startswith("From: Enter a valid") for line in bad.content.decode().splitlines()), bad.content
    assert client.get(url, {"_export": "xlsx"}).status_code == 400
    good = client.get(url, {"_export": "csv"})
    assert good.status_code == 200 and good["Content-Type"].startswith("text/csv")


@pytest.mark.parametrize(("name", "filterset"), PAGES, ids=[name for name, _ in PAGES])
def test_a_list_links_each_export_it_offers_and_none_while_a_filter_is_wrong(client_as, seed, name, filterset):
    client = client_as(ROLE)
    url = reverse(name)
    offered = resolve(url).func.view_class.export_formats
    page = client.get(url, {"page": 2, "per_page": 5}).content.decode()
    for export_format in offered:
        # The rows as filtered, every page: the page number is not carried over.
        assert f'<a href="?per_page=5&amp;_export={export_format}">Export {export_format.upper()}</a>' in page
    field_name, (value, _) = next((f, bad) for f, bad in _bad_values(filterset).items() if bad[0] is not None)
    wrong = client.get(url, {field_name: value}).content.decode()
    assert "_export=" not in wrong
