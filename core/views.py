"""Base views shared by the apps: role checks, filtered tables, one object's history, the home page."""

import logging
from typing import Any

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import HttpRequest, HttpResponseRedirect
from django.views.generic import TemplateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export.views import ExportMixin

from core.history import audited_model, object_history
from core.spreadsheet import SafeTableExport

logger = logging.getLogger("ledgerline.security")


class RoleRequiredMixin(PermissionRequiredMixin):
    """A page that needs a permission: 403 for a logged-in user without it, logged."""

    raise_exception = True
    request: HttpRequest  # set by the view this is mixed into

    def handle_no_permission(self) -> HttpResponseRedirect:
        if self.request.user.is_authenticated:
            logger.warning(
                "Page access denied: user=%s method=%s path=%s",
                self.request.user.get_username(),
                self.request.method,
                self.request.path,
            )
        return super().handle_no_permission()


class HomeView(TemplateView):
    """Landing page: where each role starts."""

    template_name = "core/home.html"


class ObjectHistoryView(RoleRequiredMixin, TemplateView):
    """Every version of one audited object, with a field diff against the version before."""

    permission_required = "core.view_history"
    template_name = "core/object_history.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        model = audited_model(self.kwargs["app_label"], self.kwargs["model_name"])
        entries = object_history(model, self.kwargs["pk"])
        current = model._default_manager.filter(pk=self.kwargs["pk"]).first()
        return super().get_context_data(
            model_label=model._meta.verbose_name,
            entries=entries,
            current=current,
            title=str(current) if current else str(entries[0].record.instance),
            **kwargs,
        )


class FilteredTableView(RoleRequiredMixin, ExportMixin, SingleTableMixin, FilterView):  # type: ignore[misc]  # django-tables2 ships no type information
    """A list page as configuration: `queryset`, `filterset_class`, `table_class`, permission.

    Filtering (django-filter), sorting and pagination (django-tables2) and CSV export
    (`?_export=csv`, the filtered rows, all pages) come from here once for every app.
    """

    template_name = "core/filtered_table.html"
    paginate_by = 50
    export_formats = ("csv",)
    export_class = SafeTableExport
    page_title = ""
    page_intro = ""

    def get_export_filename(self, export_format: str) -> str:
        return f"{self.page_title or 'export'}.{export_format}".replace(" ", "_").lower()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(
            page_title=self.page_title, page_intro=self.page_intro, **kwargs
        )
        return context
