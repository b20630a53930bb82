"""Price-check and credit-claim pages: thin wiring from the filters to `purchases.pricecheck`."""

from typing import Any

from django.views.generic.base import TemplateResponseMixin
from django_tables2.data import TableListData

from core.views import FilteredTableView
from purchases import pricecheck
from purchases.models import Purchase
from purchases.pricecheck import CheckedPurchases, TooMany, checked, credit_report
from purchases.pricecheck_filtersets import CreditFilterSet, PriceCheckFilterSet
from purchases.pricecheck_tables import CreditTable, PriceCheckTable

NARROW = "Choose an agreement, a buying entity or a period to narrow it."


class PriceCheckListView(FilteredTableView):
    """Each purchase: what was invoiced, what the contract says as agreed now and as agreed on the
    invoice date, and the over- or under-charge."""

    permission_required = "purchases.view_purchase"
    queryset = Purchase.objects.all()
    filterset_class = PriceCheckFilterSet
    table_class = PriceCheckTable
    template_name = "purchases/pricecheck_list.html"
    export_formats = ("csv", "xlsx")
    page_title = "Price check"
    page_intro = (
        "Each purchase's invoiced discount against the contract's for its order date: as agreed now (every "
        "amendment on record, retroactive ones included) and as agreed on the invoice date."
    )
    refused = ""

    def get_export_filename(self, export_format: str) -> str:
        return f"price_check.{export_format}"

    def get_table_data(self) -> Any:
        if self.filterset.is_bound and not self.filterset.is_valid():
            return []  # the form says why
        try:
            rows = checked(self.object_list, **self.filterset.engine_filters())
        except TooMany as too_many:
            self.refused = f"{too_many}. {NARROW}"
            return []
        # A lazily checked sequence is handed over as it is: django-tables2 would copy it into a list.
        return TableListData(rows) if isinstance(rows, CheckedPurchases) else rows

    def render_to_response(self, context: dict[str, Any], **kwargs: Any) -> Any:
        context["refused"] = self.refused
        if self.request.GET.get(self.export_trigger_param) and len(context["table"].data) > pricecheck.MAX_CHECKED:
            context["refused"] = f"An export holds at most {pricecheck.MAX_CHECKED:,} purchases. {NARROW}"
            return TemplateResponseMixin.render_to_response(self, context, **kwargs)  # the page, not a file
        return super().render_to_response(context, **kwargs)


class CreditListView(FilteredTableView):
    """The credit claim: purchases invoiced before a retroactive amendment that now gives them more
    discount, each with the amendment that made the credit due, and totals by entity, schedule, period."""

    permission_required = "purchases.view_purchase"
    queryset = Purchase.objects.all()
    filterset_class = CreditFilterSet
    table_class = CreditTable
    template_name = "purchases/credit_list.html"
    export_formats = ("csv", "xlsx")
    page_title = "Credits due"
    page_intro = (
        "Invoices issued between a retroactive discount table's start and its amendment's effective date "
        "applied the terms agreed then; the amendment now gives these purchases more (or less) discount."
    )
    report = None
    refused = ""

    def get_export_filename(self, export_format: str) -> str:
        return f"credit_claim.{export_format}"

    def get_table_data(self) -> Any:
        if self.filterset.is_bound and not self.filterset.is_valid():
            return []  # the form says why
        try:
            self.report = credit_report(
                self.object_list,
                schedule=self.filterset.engine_filters()["schedule"],
                period_by=self.filterset.totals_period(),
            )
        except TooMany as too_many:
            self.refused = f"{too_many} are in a retroactive window. {NARROW}"
            return []
        return self.report.lines

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        report = self.report
        context.update(
            report=report,
            refused=self.refused,
            totals=[
                ("Buying entity", report.totals_by("entity")),
                ("Schedule", report.totals_by("schedule")),
                ("Period", report.totals_by("period")),
            ]
            if report
            else [],
        )
        return context
