"""Every yes/no input of the app's own forms reads yes or no strictly (`core.forms.YesNoField`).

Django's checkbox reads any text but "false" as ticked, so a hand-made request saying "0" or "nope"
would mean yes. Generated from the forms the URL conf loads, so a new form is covered without a list.
"""

from django import forms
from django.urls import get_resolver

from core.forms import YesNoField, yes_or_no

APPS = {"contracts", "pricing", "releases", "purchases", "obligations", "drafts", "ledger", "core"}


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_every_checkbox_of_the_apps_forms_is_a_yes_no_field():
    get_resolver().url_patterns  # noqa: B018 - imports every view, so every form the pages use
    checked = 0
    lenient = []
    for form in set(_subclasses(forms.BaseForm)):
        if form.__module__.split(".")[0] not in APPS or not hasattr(form, "base_fields"):
            continue
        for name, field in form.base_fields.items():
            if isinstance(field, forms.BooleanField):
                checked += 1
                if not isinstance(field, YesNoField):
                    lenient.append(f"{form.__module__}.{form.__qualname__}.{name}")
    assert checked >= 8  # the quote line's, the purchase's, the data file's prune, …
    assert lenient == []


def test_yes_or_no_reads_each_spelling_and_refuses_the_rest():
    assert [yes_or_no(t) for t in ("on", "TRUE", " 1 ", "yes", "y", "x")] == [True] * 6
    assert [yes_or_no(t) for t in ("", "off", "False", "0", "no", "n")] == [False] * 6
    assert [yes_or_no(t) for t in ("nope", "2", "ja", "-1")] == [None] * 4
