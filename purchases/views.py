"""Purchase ledger pages: the list, one purchase, entering and editing, importing a file."""

import base64
import secrets
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.generic import CreateView, DetailView, TemplateView, UpdateView, View

from core.editing import EditViewMixin
from core.spreadsheet import SafeCsvWriter, csv_response
from core.views import FilteredTableView, RoleRequiredMixin
from purchases.checks import check_purchases
from purchases.conditions import PurchaseCondition
from purchases.filtersets import PurchaseFilterSet
from purchases.forms import MAX_IMPORT_ROWS, PurchaseForm, PurchaseImportConfirmForm, PurchaseImportForm
from purchases.importing import ImportRefused, apply_import, preview_import, template_rows
from purchases.models import Purchase
from purchases.resources import COLUMNS, REQUIRED_HEADERS
from purchases.tables import PurchaseTable

SESSION_KEY = "purchases_import"
# What each column of the purchase file holds, shown on the import page.
COLUMN_HELP = {
    "id": "Empty for a new purchase; a purchase's id to change it.",
    "agreement": "Contract number, id or exact title.",
    "buyer": "The buying entity by any of its names (current, former, defined term) or its key.",
    "product": "The product as the order or invoice names it.",
    "component": "hardware, software, cables … (the quote's components; empty if not split).",
    "condition": f"One of {', '.join(PurchaseCondition.values)}, or its label (empty if none).",
    "installed_at_one_time": "yes or no (A-1.26 Packet Solution).",
    "packet_components": "Comma-separated.",
    "invoice_date": "YYYY-MM-DD, like every date.",
    "invoiced_percent": "The discount the invoice applied, e.g. 45 (empty: not shown; never 0 for unknown).",
    "currency": "ISO code; USD when empty.",
    "remedy": "For a substitute bought elsewhere under a slip remedy (b): the remedy's id; then name the supplier.",
}


class PurchaseListView(FilteredTableView):
    permission_required = "purchases.view_purchase"
    queryset = Purchase.objects.with_references()
    filterset_class = PurchaseFilterSet
    table_class = PurchaseTable
    template_name = "purchases/purchase_list.html"
    export_formats = ("csv", "xlsx")
    page_title = "Purchases"
    page_intro = (
        "What was bought under each agreement, invoiced and paid, with what the contract says about it "
        "(flags for the rows shown)."
    )

    def get_table(self, **kwargs: Any) -> PurchaseTable:
        table: PurchaseTable = super().get_table(**kwargs)
        page = getattr(table, "page", None)
        # A page checks only its rows; an export (no page) checks the rows it writes.
        rows = [row.record for row in page.object_list] if page is not None else list(table.data)
        table.flags_by_pk = {check.purchase.pk: check.flags for check in check_purchases(rows)}
        return table


class PurchaseDetailView(RoleRequiredMixin, DetailView):  # type: ignore[type-arg]  # DetailView[Purchase]
    permission_required = "purchases.view_purchase"
    queryset = Purchase.objects.with_references().select_related(
        "remedy__release__group__product_line__schedule__amendment__agreement"
    )
    template_name = "purchases/purchase_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        check = check_purchases([self.object])[0]
        return super().get_context_data(check=check, flags=check.flags, **kwargs)


class _PurchaseFormMixin(EditViewMixin, RoleRequiredMixin):
    http_method_names = ["get", "post", "head", "options"]  # a form view would take PUT as a POST
    model = Purchase
    form_class = PurchaseForm
    template_name = "purchases/purchase_form.html"
    title = ""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(title=self.title, **kwargs)  # type: ignore[misc]  # mixed into a view

    def get_success_url(self) -> str:
        return reverse("purchases:purchase_detail", args=[self.object.pk])


class PurchaseCreateView(_PurchaseFormMixin, CreateView):  # type: ignore[type-arg]  # CreateView[Purchase, PurchaseForm]
    permission_required = "purchases.add_purchase"
    title = "Record a purchase"
    success_message = "Purchase recorded."
    default_change_reason = "Purchase recorded"


class PurchaseUpdateView(_PurchaseFormMixin, UpdateView):  # type: ignore[type-arg]  # UpdateView[Purchase, PurchaseForm]
    permission_required = "purchases.change_purchase"
    queryset = Purchase.objects.with_references()
    title = "Edit a purchase"
    success_message = "Purchase updated."


class PurchaseImportView(RoleRequiredMixin, TemplateView):
    """Upload a purchase file → preview (nothing written) → import (all or nothing).

    The file waits in the session under a one-time token between the preview and the import, with
    the versions of the purchases it changes as the preview read them.
    """

    permission_required = ("purchases.add_purchase", "purchases.change_purchase")
    model = Purchase  # what it writes (read by the generated role tests)
    http_method_names = ["get", "post", "head", "options"]
    template_name = "purchases/purchase_import.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.setdefault("upload_form", PurchaseImportForm())
        columns = [(header, header in REQUIRED_HEADERS, COLUMN_HELP.get(header, "")) for header, _ in COLUMNS]
        return super().get_context_data(columns=columns, max_rows=MAX_IMPORT_ROWS, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if "token" in request.POST:
            return self._import(request)
        form = PurchaseImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._render(status=400, upload_form=form)
        upload = form.cleaned_data["purchase_file"]
        name = upload.name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:100]
        content = upload.read()
        report = preview_import(content, name)
        if not report.ok:
            return self._render(status=400, refused=report)
        token = secrets.token_urlsafe(24)
        request.session[SESSION_KEY] = {
            "token": token,
            "name": name,
            "content": base64.b64encode(content).decode("ascii"),
            "versions": {str(pk): version for pk, version in report.base_versions.items()},
        }
        return self._render(preview=report, confirm_form=PurchaseImportConfirmForm(initial={"token": token}))

    def _import(self, request: HttpRequest) -> HttpResponse:
        form = PurchaseImportConfirmForm(request.POST)
        pending = request.session.get(SESSION_KEY) or {}
        if (
            not form.is_valid()
            or not pending
            or not secrets.compare_digest(pending["token"], form.cleaned_data["token"])
        ):
            return self._render(status=400, expired=True)
        versions = {int(pk): version for pk, version in pending["versions"].items()}
        try:
            report = apply_import(base64.b64decode(pending["content"]), pending["name"], base_versions=versions)
        except ImportRefused as refused:
            del request.session[SESSION_KEY]
            return self._render(status=409 if refused.report.stale else 400, refused=refused.report)
        del request.session[SESSION_KEY]
        messages.success(request, f"Imported {pending['name']}: {len(report.rows)} row(s).")
        return self._render(imported=report)

    def _render(self, *, status: int = 200, **context: Any) -> HttpResponse:
        return render(self.request, self.template_name, self.get_context_data(**context), status=status)


class PurchaseImportTemplateView(RoleRequiredMixin, View):
    """The purchase file's header row as a CSV to fill in."""

    permission_required = ("purchases.add_purchase", "purchases.change_purchase")
    model = Purchase

    def get(self, request: HttpRequest) -> HttpResponse:
        response = csv_response("purchases-template.csv")
        writer = SafeCsvWriter(response)
        for row in template_rows():
            writer.writerow(row)
        return response
