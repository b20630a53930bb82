"""Admin base shared by every app: history visible, reverting off, every edit says why."""

from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

admin.site.site_header = "Ledgerline administration"
admin.site.site_title = "Ledgerline"


class ChangeReasonForm(forms.Form):
    """Adds the reason an auditor will read next to the change; required when editing."""

    change_reason = forms.CharField(
        label="Reason for this change",
        max_length=500,
        required=False,
        help_text="Recorded in the history with your name. Required when changing an existing record.",
    )

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and not (cleaned.get("change_reason") or "").strip():
            self.add_error(
                "change_reason", "Say why you are changing this record: it came from an executed amendment."
            )
        return cleaned


class AuditedAdmin(SimpleHistoryAdmin):
    """Model admin whose history is visible and read-only (no revert) and whose edits carry a reason."""

    history_list_display = ["history_change_reason"]

    def revert_disabled(self, request, obj=None):
        return True

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        if not issubclass(self.form, ChangeReasonForm):
            # Whatever form an app's admin declares, it gains the reason field.
            self.form = type(self.form.__name__, (ChangeReasonForm, self.form), {})

    def _reason(self, request, form, change):
        reason = (form.cleaned_data.get("change_reason") or "").strip()
        return reason or ("Changed in the admin" if change else "Created in the admin")

    def save_model(self, request, obj, form, change):
        obj._change_reason = self._reason(request, form, change)
        super().save_model(request, obj, form, change)

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
