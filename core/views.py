"""Base views shared by the apps: role checks, filtered tables, one object's history, the home page."""

import logging
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export.views import ExportMixin

from core.deletion import NotRestorable, restore_deleted
from core.forms import INVALID_FILTERS, keep_typed_input
from core.history import audited_model, object_history
from core.spreadsheet import SafeTableExport

logger = logging.getLogger("ledgerline.security")

MAX_PER_PAGE = 200
NO_EXPORT = "No export: correct the filters below. Nothing was assumed in their place."


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


def history_title(model: Any, pk: int, current: Any, entries: list[Any]) -> str:
    """The record's name; for a deleted record, from its last history row alone.

    A deleted record's name may follow a relation to a record deleted with it (a remedy names its
    release), which no longer exists: then it is named by its type and id.
    """
    if current is not None:
        return str(current)
    try:
        return str(entries[0].record.instance)
    except ObjectDoesNotExist:
        return f"{model._meta.verbose_name} #{pk}"


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
            title=history_title(model, self.kwargs["pk"], current, entries),
            can_restore=current is None and self.request.user.has_perm(restore_permission(model)),
            restore_form=RestoreForm(),
            **kwargs,
        )


def restore_permission(model: Any) -> str:
    """Restoring writes the record again: whoever may add such records may restore one."""
    return f"{model._meta.app_label}.add_{model._meta.model_name}"


class RestoreForm(forms.Form):
    reason = forms.CharField(
        label="Why restore it",
        max_length=500,
        help_text="Recorded in the history with your name, like every change.",
    )


class ObjectRestoreView(RoleRequiredMixin, View):
    """POST: re-create a deleted record from its history (see `core.deletion`), with a reason.

    Reaching the page takes the history permission; restoring a record of a given type also takes
    `restore_permission` for that type, checked once the type is known.
    """

    permission_required = "core.view_history"

    def post(self, request: HttpRequest, app_label: str, model_name: str, pk: int) -> HttpResponse:
        model = audited_model(app_label, model_name)
        if not request.user.has_perm(restore_permission(model)):
            return self.handle_no_permission()
        history_url = reverse("core:object_history", args=[app_label, model_name, pk])
        form = RestoreForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Not restored: say why you restore it (the reason is required).")
            return HttpResponseRedirect(history_url)
        try:
            restore_deleted(model, pk, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, "Not restored: " + " ".join(error.messages))
        except NotRestorable as error:
            messages.error(request, f"Not restored: {error}")
        else:
            messages.success(request, f"The {model._meta.verbose_name} is restored; its history shows why.")
        return HttpResponseRedirect(history_url)


class FilteredTableView(RoleRequiredMixin, ExportMixin, SingleTableMixin, FilterView):  # type: ignore[misc]  # django-tables2 ships no type information
    """A list page as configuration: `queryset`, `filterset_class`, `table_class`, permission.

    Filtering (django-filter), sorting and pagination (django-tables2) and CSV export
    (`?_export=csv`, the filtered rows, all pages) come from here once for every app.

    A bad filter value is treated the same way on every list: the field is marked with its message
    and keeps what was typed (`core.forms.keep_typed_input`), and no rows are shown in place of an
    answer (django-filter's strict mode), the table saying why rather than "nothing matches". An
    export has no field to mark: it answers 400 naming each bad field (`filter_errors_text`), as the
    API does, rather than a file with no rows.
    """

    template_name = "core/filtered_table.html"
    paginate_by = 50
    export_formats = ("csv",)
    export_class = SafeTableExport
    page_title = ""
    page_intro = ""

    def get_export_filename(self, export_format: str) -> str:
        return f"{self.page_title or 'export'}.{export_format}".replace(" ", "_").lower()

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        # django-tables2 takes `?per_page=` as given: a million would render every row of the list.
        asked = request.GET.get("per_page", "")
        if asked.isdigit() and int(asked) > MAX_PER_PAGE:
            capped = request.GET.copy()
            capped["per_page"] = str(MAX_PER_PAGE)
            request.GET = capped  # type: ignore[assignment]  # a mutable copy, read-only from here on
        super().setup(request, *args, **kwargs)

    def paginate_queryset(self, queryset: Any, page_size: int) -> tuple[None, None, Any, bool]:  # type: ignore[override]  # no paginator: the table paginates
        # The table paginates and counts the rows (`paginate_by` is its page size); the list view's own
        # pagination would run the same count again.
        return None, None, queryset, False

    @property
    def filters_invalid(self) -> bool:
        filterset = getattr(self, "filterset", None)
        return filterset is not None and filterset.is_bound and not filterset.is_valid()

    def create_export(self, export_format: str) -> HttpResponse:
        if export_format not in self.export_formats:
            # django-tables2 exports any format tablib knows; a list offers only its own.
            return export_refused(f"Export: no {export_format} export here; choose {', '.join(self.export_formats)}.")
        if self.filters_invalid:
            return export_refused(filter_errors_text(self.filterset.form))
        response: HttpResponse = super().create_export(export_format)
        return response

    def get_table(self, **kwargs: Any) -> Any:
        table = super().get_table(**kwargs)
        if self.filters_invalid:
            table.empty_text = INVALID_FILTERS
        return table

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        if self.filters_invalid:
            keep_typed_input(self.filterset.form)
        context: dict[str, Any] = super().get_context_data(
            page_title=self.page_title,
            page_intro=self.page_intro,
            filters_invalid=self.filters_invalid,
            **kwargs,
        )
        return context


def filter_errors_text(form: forms.BaseForm) -> str:
    """What an export answers for invalid filters: one line per problem, "Label: message"."""
    lines = [NO_EXPORT]
    for name, errors in form.errors.items():
        prefix = "" if name == NON_FIELD_ERRORS else f"{form[name].label}: "
        lines.extend(f"{prefix}{message}" for message in errors)
    return "\n".join(lines) + "\n"


def export_refused(text: str) -> HttpResponse:
    """An export that cannot be made: 400, saying why in plain text (no page to show it on)."""
    body = text if text.endswith("\n") else text + "\n"
    return HttpResponseBadRequest(body, content_type="text/plain; charset=utf-8")
