"""Pricing pages: thin wiring from a request to one domain call and a template."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import DetailView, TemplateView
from django.views.generic.base import TemplateResponseMixin
from django_tables2.paginators import LazyPaginator

from core.findings import reviews_for
from core.spreadsheet import csv_response
from core.views import FilteredTableView, RoleRequiredMixin
from pricing.catalog import load_catalog
from pricing.comparison import check_comparison
from pricing.engine import price_quote_compared
from pricing.export import write_quote_csv
from pricing.filtersets import DiscountLineFilterSet
from pricing.forms import QuoteForm, QuoteLineFormSet
from pricing.lookup import EXPORT_MAX_LINES, UNPRICED_SHOWN, lookup_notes, unpriced_products
from pricing.models import DiscountLine, PriceComparison, Product
from pricing.product_sheet import product_sheet
from pricing.tables import DiscountLineTable


class DiscountLineListView(FilteredTableView):
    """The buyer's discount lookup: every printed discount cell, filtered by agreement, name, schedule and date."""

    permission_required = "pricing.view_discountline"
    queryset = DiscountLine.objects.with_sources()
    filterset_class = DiscountLineFilterSet
    table_class = DiscountLineTable
    template_name = "pricing/discount_list.html"
    page_title = "Discounts"
    filterset: DiscountLineFilterSet  # built from filterset_class
    page_intro = (
        "Every discount line the amendments print. Choose an agreement, give a date to see only the lines "
        "in force then; open a product for its history and footnote rules."
    )

    def get_context_data(self, **kwargs):
        as_of = self.filterset.as_of_asked()
        on, as_agreed = (as_of.on, as_of.as_agreed) if as_of else (None, None)
        question = self.filterset.question()
        gaps = lookup_notes(as_of, question) if as_of else []
        unpriced = unpriced_products(question)
        return super().get_context_data(
            on=on,
            as_agreed=as_agreed,
            gaps=gaps,
            unpriced=unpriced[:UNPRICED_SHOWN],
            unpriced_more=len(unpriced) > UNPRICED_SHOWN,
            unpriced_across_agreements=len({p.schedule.agreement_id for p in unpriced}) > 1,
            export_max=EXPORT_MAX_LINES,
            **kwargs,
        )

    def get_table_pagination(self, table):
        paginate = super().get_table_pagination(table)
        if paginate is not False and self.filterset.question().spans_agreements:
            # Counting the lines in force across a portfolio reads them all; the page needs only its own.
            paginate["paginator_class"] = LazyPaginator
        return paginate

    def render_to_response(self, context, **kwargs):
        if self.request.GET.get(self.export_trigger_param):
            lines = self.object_list[: EXPORT_MAX_LINES + 1].count()
            if lines > EXPORT_MAX_LINES:
                context["export_refused"] = f"more than {EXPORT_MAX_LINES}"
                return TemplateResponseMixin.render_to_response(self, context, **kwargs)
        return super().render_to_response(context, **kwargs)


class ProductDetailView(RoleRequiredMixin, DetailView):
    """A product: its names, every discount line it ever had by amendment, its rules and warranties."""

    permission_required = "pricing.view_product"
    model = Product
    template_name = "pricing/product_detail.html"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Product.objects.select_related("schedule__agreement").prefetch_related(
                "other_names", "warranty_terms__amendment"
            ),
            pk=self.kwargs["pk"],
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(sheet=product_sheet(self.object), **kwargs)


class QuotePageView(RoleRequiredMixin, TemplateView):
    """Price several lines at once; GET so a quote is a link, printable, and downloadable as CSV."""

    permission_required = "core.price_quote"
    template_name = "pricing/quote.html"

    def get(self, request, *args, **kwargs):
        bound = "form-TOTAL_FORMS" in request.GET
        form = QuoteForm(request.GET if bound else None)
        lines = QuoteLineFormSet(request.GET if bound else None)
        result, rows = None, []
        if bound and form.is_valid() and lines.is_valid():
            data = form.cleaned_data
            result, now = price_quote_compared(
                load_catalog(data["agreement"]),
                lines=lines.to_requests(),
                on=data["on"],
                as_agreed=data["as_agreed"],
                entity=data["entity"],
            )
            if request.GET.get("_export") == "csv":
                response = csv_response("quote.csv")
                write_quote_csv(result, response)
                return response
            rows = list(zip(result.lines, now, strict=True))
        context = self.get_context_data(form=form, lines=lines, result=result, rows=rows, **kwargs)
        return self.render_to_response(context)


class PriceComparisonDetailView(RoleRequiredMixin, DetailView):
    """An exhibit comparing old and new prices, as printed, with every figure recomputed and its findings."""

    permission_required = "pricing.view_pricecomparison"
    model = PriceComparison
    template_name = "pricing/price_comparison.html"
    context_object_name = "comparison"

    def get_queryset(self):
        return PriceComparison.objects.select_related("amendment__agreement")

    def get_context_data(self, **kwargs):
        check = check_comparison(self.object)
        reviews = reviews_for(self.object)
        user = self.request.user
        return super().get_context_data(
            check=check,
            findings=[(finding, reviews.get(finding.code)) for finding in check.findings],
            can_review=user.has_perm("core.review_findings"),
            # Buyers see that a finding was reviewed, not what the reviewer wrote.
            sees_review_notes=user.has_perm("core.review_findings") or user.has_perm("core.view_history"),
            review_url=reverse("core:finding_review", args=["pricing", "pricecomparison", self.object.pk]),
            **kwargs,
        )
