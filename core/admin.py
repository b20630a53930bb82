"""Admin base shared by every app: history visible, reverting off, reasons recorded."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

admin.site.site_header = "Ledgerline administration"
admin.site.site_title = "Ledgerline"


class AuditedAdmin(SimpleHistoryAdmin):
    """Model admin whose history page is visible and read-only (no revert)."""

    history_list_display = ["history_change_reason"]

    def revert_disabled(self, request, obj=None):
        return True
