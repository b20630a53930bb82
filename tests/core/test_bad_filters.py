"""A bad filter value is treated the same way on every page: the field is marked with the message, what
was typed is kept in the box, and nothing is silently put in its place (no "today", no "every line").

The list pages are found from the URL conf (every `FilteredTableView` whose filters read a date or a
number), so a new list page is checked without editing this file; pages with their own form are listed.
"""

import html
import re

import pytest
from django import forms
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from core.forms import INVALID_FILTERS, keep_typed_input
from core.views import FilteredTableView
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
