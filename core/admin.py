"""Admin base shared by every app: history visible, reverting off, every edit says why."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from simple_history.admin import SimpleHistoryAdmin

from core.concurrency import StaleEditError, save_if_current
from core.forms import VersionedFormMixin

admin.site.site_header = "Ledgerline administration"
admin.site.site_title = "Ledgerline"


class ChangeReasonForm(VersionedFormMixin):
    """Adds the reason an auditor will read; required when editing. The version check comes along."""

    change_reason = forms.CharField(
        label="Reason for this change",
        max_length=500,
        required=False,
        help_text="Recorded in the history with your name. Required when changing an existing record.",
    )

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and not (cleaned.get("change_reason") or "").strip():
            self.add_error("change_reason", "Say why you are changing this record: it came from an executed amendment.")
        return cleaned


def _flatten(fields):
    for field in fields:
        if isinstance(field, (list, tuple)):
            yield from field
        else:
            yield field


class AuditedAdmin(SimpleHistoryAdmin):
    """Model admin whose history is visible and read-only (no revert) and whose edits carry a reason."""

    history_list_display = ["history_change_reason"]

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # Past versions can be looked at, never written back.
        if request.method != "GET":
            raise PermissionDenied("History is read-only.")
        return super().history_form_view(request, object_id, version_id, extra_context)

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        if not issubclass(self.form, ChangeReasonForm):
            # Whatever form an app's admin declares, it gains the reason field.
            self.form = type(self.form.__name__, (ChangeReasonForm, self.form), {})

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        shown = {name for _, options in fieldsets for name in _flatten(options.get("fields", ()))}
        missing = [name for name in ("change_reason", "base_version") if name not in shown]
        if missing:
            # Admins that declare their own fieldsets still show the reason and carry the version.
            fieldsets.append(("Why", {"fields": missing}))
        return fieldsets

    def _reason(self, request, form, change):
        reason = (form.cleaned_data.get("change_reason") or "").strip()
        return reason or ("Changed in the admin" if change else "Created in the admin")

    def save_model(self, request, obj, form, change):
        obj._change_reason = self._reason(request, form, change)
        if change:
            # The form checked the version; this re-checks under a row lock against a racing save.
            save_if_current(obj, form.cleaned_data.get("base_version"))
        else:
            super().save_model(request, obj, form, change)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleEditError as stale:
            # Lost the race after the form's own check: nothing was saved; say so with a 409.
            context = {
                **self.admin_site.each_context(request),
                "message": str(stale),
                "reload_url": request.get_full_path(),
                "title": "Not saved",
            }
            return TemplateResponse(request, "admin/stale_edit.html", context, status=409)

    def save_formset(self, request, form, formset, change):
        # Inline rows are saved by the formset; give their history rows the parent's reason.
        reason = self._reason(request, form, change)
        for inline_form in formset.forms:
            inline_form.instance._change_reason = reason
        for deleted in getattr(formset, "deleted_objects", []) or []:
            deleted._change_reason = reason
        super().save_formset(request, form, formset, change)

    def delete_model(self, request, obj):
        obj._change_reason = f"Deleted in the admin by {request.user.get_username()}"
        super().delete_model(request, obj)


class AddOnlyInlineMixin:
    """Inline rows can be added with their parent; existing rows are edited on their own admin page.

    There, the version check and the reason apply to each row; in an inline formset a row edited by
    two people at once would silently keep the last save.
    """

    extra = 0
    can_delete = False
    show_change_link = True

    def has_change_permission(self, request, obj=None):
        return False
