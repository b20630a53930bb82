"""The one editing path: every change to an existing record says why and is based on its latest version.

The admin, the apps' edit forms and the API all save through `save_edit`; the forms and views use
`EditFormMixin` and `EditViewMixin`, the API `core.api.editing`. What is decided here, once:

- **The reason.** An edit of an existing record needs a reason that says something
  (`clean_reason`): not blank, not made only of invisible characters. It is stored on the history row
  with the user. Creating a record may take a default reason ("Created in the admin").
- **The version.** Every save of an audited record writes a history row, so the id of a record's
  latest history row is its version: an editor reads it with the record and sends it back. A save
  based on an older version is refused with `StaleEditError`, naming who saved since and when; the
  first change is kept. Every caller answers it with 409.
- **The save.** `save_edit` locks the row, re-checks the version under the lock (two editors who both
  passed the form's check cannot both win), validates and saves, in one transaction.
"""

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

if TYPE_CHECKING:
    from django.views.generic.edit import ModelFormMixin

    # What `EditViewMixin` is mixed into: a create or update view of a model form.
    _ModelFormView = ModelFormMixin[Any, forms.BaseModelForm[Any]]
else:
    _ModelFormView = object

_M = TypeVar("_M", bound=Model)

# The instance attribute django-simple-history takes a history row's reason from (not a model field).
_CHANGE_REASON_ATTRIBUTE = "_change_reason"

REASON_REQUIRED = "Say why you are changing this record: the reason is required and recorded in the history."

# Characters that show nothing: spaces and separators, controls and format characters (U+200B zero
# width space, U+2060 word joiner, U+FEFF), unassigned code points and marks without a base letter.
_INVISIBLE_CATEGORIES = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf", "Cn", "Co", "Cs", "Mn", "Me"})
# Letters and symbols that are drawn as blanks although their category says otherwise.
_BLANK_GLYPHS = frozenset("\u2800\u3164\u115f\u1160\uffa0")


def says_nothing(text: str) -> bool:
    """True if `text` has no visible character (empty, whitespace, U+200B, U+2800 …)."""
    return all(unicodedata.category(char) in _INVISIBLE_CATEGORIES or char in _BLANK_GLYPHS for char in text)


def clean_reason(reason: str | None) -> str:
    """The reason for an edit, stripped; a ValidationError naming `change_reason` if it says nothing."""
    text = (reason or "").strip()
    if says_nothing(text):
        raise ValidationError({"change_reason": ValidationError(REASON_REQUIRED, code="reason_required")})
    return text


@dataclass(frozen=True)
class LatestChange:
    version: int | None
    user: str
    when: datetime | None


class StaleEditError(Exception):
    """The record changed after the editor loaded it."""

    def __init__(self, obj: Model, latest: LatestChange) -> None:
        self.obj = obj
        self.latest = latest
        when = f"{latest.when:%Y-%m-%d %H:%M:%S} UTC" if latest.when else "meanwhile"
        super().__init__(
            f"{str(obj._meta.verbose_name).capitalize()} “{obj}” was changed by {latest.user} at {when} "
            "after you opened it. Your changes were not saved; reload to see theirs and edit again."
        )


def latest_change(obj: Model) -> LatestChange:
    if obj.pk is None:
        return LatestChange(None, "", None)
    history = cast(Any, obj).history  # added to audited models by django-simple-history at run time
    record = (
        history.model.objects.filter(id=obj.pk)
        .select_related("history_user")
        # History ids only grow; timestamps come from each server's clock and may disagree.
        .order_by("-history_id")
        .only("history_id", "history_date", "history_user__username")
        .first()
    )
    if record is None:
        return LatestChange(None, "", None)
    user = record.history_user.get_username() if record.history_user else "the system"
    return LatestChange(record.history_id, user, record.history_date)


def version_of(obj: Model) -> int | None:
    return latest_change(obj).version


def check_version(obj: Model, base_version: int | None) -> None:
    """Raise StaleEditError if `obj` changed since `base_version` (no lock: a form's early check)."""
    latest = latest_change(obj)
    if obj.pk is not None and latest.version != base_version:
        raise StaleEditError(obj, latest)


def set_change_reason(instance: Model, reason: str) -> None:
    """Give the history row of `instance`'s next save or delete this reason (django-simple-history reads it)."""
    setattr(instance, _CHANGE_REASON_ATTRIBUTE, reason)


def save_edit(
    instance: _M,
    *,
    reason: str | None,
    base_version: int | None = None,
    save: Callable[[], object] | None = None,
    full_clean: bool = True,
) -> _M:
    """Save `instance` with `reason` on its history row; for an existing record, only if still current.

    An existing record needs a reason that says something and the version the edit is based on: the
    row is locked and the version re-checked before saving. A new record is saved with `reason` as
    given. `save` replaces `instance.save` (a form's `save`, which also writes many-to-many data);
    `full_clean=False` where a form has validated the instance already.
    """
    adding = instance._state.adding
    set_change_reason(instance, (reason or "").strip() if adding else clean_reason(reason))
    with transaction.atomic():
        if not adding:
            type(instance)._default_manager.select_for_update().filter(pk=instance.pk).exists()
            check_version(instance, base_version)
        if full_clean:
            instance.full_clean()
        (save or instance.save)()
    return instance


class EditFormMixin(forms.Form):
    """A form that edits a record: the reason field and the hidden version, checked in `clean`.

    Mixed into the admin's forms and the apps' model forms; save through `save_edit` (the
    `EditViewMixin` and `core.admin.AuditedAdmin` do), which re-checks the version under a lock.
    """

    change_reason = forms.CharField(
        label="Why",
        max_length=500,
        required=False,
        help_text="Recorded in the history with your name. Required when changing an existing record.",
    )
    base_version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    # Given by the model form this is mixed into.
    instance: Model

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance._state.adding and not self.is_bound:
            self.initial["base_version"] = version_of(self.instance)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned is None:  # a form's clean() may return None, meaning "keep cleaned_data"
            cleaned = self.cleaned_data
        if not self.instance._state.adding:
            try:
                clean_reason(cleaned.get("change_reason"))
            except ValidationError as error:
                self.add_error(None, error)
            try:
                check_version(self.instance, cleaned.get("base_version"))
            except StaleEditError as stale:
                self.add_error(None, ValidationError(str(stale), code="stale"))
        return cleaned


def is_stale(form: forms.BaseForm) -> bool:
    """True if the form was refused because the record changed after it was opened."""
    return form.has_error(NON_FIELD_ERRORS, code="stale")


def save_form_edit(
    form: "forms.BaseModelForm[_M]", *, default_reason: str = "", save: Callable[[], object] | None = None
) -> _M:
    """Save a validated model form's instance through `save_edit`, with its reason or `default_reason`."""
    data = form.cleaned_data
    return save_edit(
        form.instance,
        reason=(data.get("change_reason") or "").strip() or default_reason,
        base_version=data.get("base_version"),
        save=save or form.save,
        full_clean=False,  # the model form validated the instance
    )


class EditViewMixin(_ModelFormView):
    """A create or update view whose form saves through `save_edit`; a stale edit is a 409.

    `default_change_reason` is the history's reason where the form has none (creating a record);
    `get_change_reason` may derive it from the form.
    """

    default_change_reason = ""
    success_message = ""
    request: HttpRequest  # set by the view this is mixed into

    def get_change_reason(self, form: "forms.BaseModelForm[Any]") -> str:
        return self.default_change_reason

    def form_valid(self, form: "forms.BaseModelForm[Any]") -> HttpResponse:
        try:
            self.object = save_form_edit(form, default_reason=self.get_change_reason(form))
        except StaleEditError as stale:
            # Lost the race after the form's own check: nothing was saved.
            form.add_error(None, ValidationError(str(stale), code="stale"))
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url())

    def form_invalid(self, form: "forms.BaseModelForm[Any]") -> HttpResponse:
        response = super().form_invalid(form)
        if is_stale(form):
            response.status_code = 409
        return response
