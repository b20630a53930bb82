"""Admin base shared by every app: history visible, reverting off, every edit says why; users and groups too."""

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, QueryDict
from django.template.response import TemplateResponse
from simple_history.admin import SimpleHistoryAdmin

from core.deletion import deleting_with_reason
from core.editing import (
    REASON_REQUIRED,
    EditFormMixin,
    StaleEditError,
    is_stale,
    save_form_edit,
    set_change_reason,
)
from core.history import record_now

admin.site.site_header = "Ledgerline administration"
admin.site.site_title = "Ledgerline"


def _flatten(fields: Iterable[Any]) -> Iterator[Any]:
    for field in fields:
        if isinstance(field, (list, tuple)):
            yield from field
        else:
            yield field


class AuditedAdmin(SimpleHistoryAdmin):  # type: ignore[misc]  # django-simple-history ships no type information
    """Model admin whose history is visible and read-only (no revert) and whose edits carry a reason.

    Saves go through `core.editing`: the reason and version fields of `EditFormMixin`, then
    `save_edit`, which re-checks the version under a row lock.
    """

    history_list_display = ["history_change_reason"]
    form: "type[forms.ModelForm[Any]]"

    def revert_disabled(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return True

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        # Past versions can be looked at, never written back.
        if request.method != "GET":
            raise PermissionDenied("History is read-only.")
        response: HttpResponse = super().history_form_view(request, object_id, version_id, extra_context)
        return response

    def __init__(self, model: type[Model], admin_site: admin.AdminSite) -> None:
        super().__init__(model, admin_site)
        if not issubclass(self.form, EditFormMixin):
            # Whatever form an app's admin declares, it gains the reason and version fields.
            self.form = cast("type[forms.ModelForm[Any]]", type(self.form.__name__, (EditFormMixin, self.form), {}))

    def get_fieldsets(self, request: HttpRequest, obj: Model | None = None) -> list[tuple[str | None, dict[str, Any]]]:
        fieldsets = list(super().get_fieldsets(request, obj))
        shown = {name for _, options in fieldsets for name in _flatten(options.get("fields", ()))}
        missing = [name for name in ("change_reason", "base_version") if name not in shown]
        if missing:
            # Admins that declare their own fieldsets still show the reason and carry the version.
            fieldsets.append(("Reason for this change", {"fields": missing}))
        return fieldsets

    def _reason(self, form: "forms.ModelForm[Any]", change: bool) -> str:
        return (form.cleaned_data.get("change_reason") or "").strip() or (
            "Changed in the admin" if change else "Created in the admin"
        )

    def save_model(self, request: HttpRequest, obj: Model, form: "forms.ModelForm[Any]", change: bool) -> None:
        save_form_edit(form, default_reason=self._reason(form, change), save=obj.save)

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        try:
            response: HttpResponse = super().changeform_view(request, object_id, form_url, extra_context)
        except StaleEditError as stale:
            # Lost the race after the form's own check: nothing was saved; say so with a 409.
            context = {
                **self.admin_site.each_context(request),
                "message": str(stale),
                "reload_url": request.get_full_path(),
                "title": "Not saved",
            }
            return TemplateResponse(request, "admin/stale_edit.html", context, status=409)
        context_data = getattr(response, "context_data", None)  # a TemplateResponse's, not a redirect's
        adminform = context_data and context_data.get("adminform")
        if adminform and is_stale(adminform.form):
            response.status_code = 409  # the form's own check found the record changed since it was opened
        return response

    def save_formset(
        self,
        request: HttpRequest,
        form: "forms.ModelForm[Any]",
        formset: "forms.BaseModelFormSet[Any, Any]",
        change: bool,
    ) -> None:
        # Inline rows are saved by the formset; give their history rows the parent's reason.
        reason = self._reason(form, change)
        for inline_form in formset.forms:
            set_change_reason(inline_form.instance, reason)
        for deleted in getattr(formset, "deleted_objects", []) or []:
            set_change_reason(deleted, reason)
        super().save_formset(request, form, formset, change)

    # Deleting: the confirmation pages (templates/admin/delete_*confirmation.html) ask why; the reason
    # goes on the history row of every record removed, the ones removed with it included (core.deletion).

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if request.method != "POST":
            response: HttpResponse = super().delete_view(request, object_id, extra_context)
            return response
        try:
            with deleting_with_reason(request.POST.get("reason")):
                response = super().delete_view(request, object_id, extra_context)
        except ValidationError:
            messages.error(request, REASON_REQUIRED)
            request.POST = QueryDict()  # shown again as a confirmation: nothing deleted
            response = super().delete_view(request, object_id, extra_context)
        return response

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions: dict[str, Any] = super().get_actions(request)
        if "delete_selected" in actions:
            _, name, description = actions["delete_selected"]
            actions["delete_selected"] = (_delete_selected_with_reason, name, description)
        return actions


def _delete_selected_with_reason(modeladmin: "admin.ModelAdmin[Any]", request: HttpRequest, queryset: Any) -> Any:
    """Django's "Delete selected" action, asking why first (shown again, nothing deleted, without a reason)."""
    if not request.POST.get("post"):
        return delete_selected(modeladmin, request, queryset)
    try:
        with deleting_with_reason(request.POST.get("reason")):
            return delete_selected(modeladmin, request, queryset)
    except ValidationError:
        messages.error(request, REASON_REQUIRED)
        post = request.POST.copy()
        del post["post"]
        request.POST = post  # type: ignore[assignment]  # a mutable copy, read-only from here on
        return delete_selected(modeladmin, request, queryset)


class AddOnlyInlineMixin:
    """Inline rows can be added with their parent; existing rows are edited on their own admin page.

    There, the version check and the reason apply to each row; in an inline formset a row edited by
    two people at once would silently keep the last save.
    """

    extra = 0
    can_delete = False
    show_change_link = True

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class OneRowPerAccountSaveMixin:
    """A user's or group's admin save writes one history row, after its relations are saved.

    Django saves the record first and its groups or permissions after, and `set()` removes before it
    adds: django-simple-history would write a row for each step ("Buyers → none", "none → Auditors").
    """

    def save_model(self, request: HttpRequest, obj: Model, form: "forms.ModelForm[Any]", change: bool) -> None:
        obj.skip_history_when_saving = True  # type: ignore[attr-defined]  # read by django-simple-history
        super().save_model(request, obj, form, change)  # type: ignore[misc]

    def save_related(
        self, request: HttpRequest, form: "forms.ModelForm[Any]", formsets: list[Any], change: bool
    ) -> None:
        try:
            super().save_related(request, form, formsets, change)  # type: ignore[misc]  # a mixin
        finally:
            del form.instance.skip_history_when_saving
        record_now(form.instance, created=not change)


if TYPE_CHECKING:
    _UserAdmin = UserAdmin[User]  # generic in django-stubs only
else:
    _UserAdmin = UserAdmin


class AuditedUserAdmin(OneRowPerAccountSaveMixin, AuditedAdmin, _UserAdmin):  # type: ignore[misc]  # an untyped base
    """Users: every change (groups and permissions granted, staff or superuser status) says why.

    The history keeps who granted what to whom and when (`core.models`); users are deactivated,
    never deleted, because their name is on history rows that cannot be rewritten.
    """

    def __init__(self, model: type[Model], admin_site: admin.AdminSite) -> None:
        super().__init__(model, admin_site)
        if not issubclass(self.add_form, EditFormMixin):
            # The add page shows the reason field as well (AuditedAdmin.get_fieldsets adds it).
            self.add_form = type(self.add_form.__name__, (EditFormMixin, self.add_form), {})

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class AuditedGroupAdmin(OneRowPerAccountSaveMixin, AuditedAdmin, GroupAdmin):  # type: ignore[misc]  # GroupAdmin's generics vs. an untyped base
    """Groups: permission changes say why. A group with members is not deleted: deleting it would take
    it from its members without a history row on any of them; take the members out first."""

    def has_delete_permission(self, request: HttpRequest, obj: Group | None = None) -> bool:
        if obj is not None and obj.user_set.exists():
            return False
        return bool(super().has_delete_permission(request, obj))


for _model, _admin in ((User, AuditedUserAdmin), (Group, AuditedGroupAdmin)):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
    admin.site.register(_model, _admin)
