"""Pricing pages: thin wiring from a request to one domain call and a template."""

from typing import Any

from django.http import JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import DetailView, ListView
from django.views.generic.base import ContextMixin, TemplateResponseMixin
from django_tables2.paginators import LazyPaginator

from core.findings import reviews_for
from core.pointintime.dates import AsOf
from core.spreadsheet import csv_response
from core.views import FilteredTableView, RoleRequiredMixin
from pricing.catalog import Catalog, load_catalog
from pricing.comparison import check_comparison
from pricing.engine import price_quote_compared
from pricing.export import write_quote_csv
from pricing.filtersets import DiscountLineFilterSet
from pricing.forms import (
    MAX_LINES,
    QuoteLineForm,
    QuoteLineFormSet,
    QuotePageForm,
    QuoteSuggestionsForm,
    SaveQuoteForm,
)
from pricing.lookup import EXPORT_MAX_LINES, UNPRICED_SHOWN, lookup_notes, unpriced_products
from pricing.models import DiscountLine, PriceComparison, Product, SavedQuote
from pricing.product_sheet import product_sheet
from pricing.quotes import (
    SAVED_QUOTES_PER_PAGE,
    builder_query,
    clauses_cited,
    customers_on,
    inputs_for_text,
    may_change,
    other_entities,
    product_suggestions,
    reopen,
    save_quote,
    saved_quotes_for,
)
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


class QuoteBuilderMixin(RoleRequiredMixin, TemplateResponseMixin, ContextMixin):
    """Price any number of lines (up to `MAX_LINES`); GET so a quote is a link, printable, and a CSV.

    "Add a line" (without JavaScript) submits the page with one more line; the count is checked against
    `MAX_LINES` from the management form before any line form is built (`BaseQuoteLineFormSet`).
    """

    permission_required = "core.price_quote"
    template_name = "pricing/quote.html"

    def build(self, query: QueryDict, save_form: SaveQuoteForm | None = None) -> dict[str, Any]:
        """The page's forms, and the priced quote when they are valid."""
        data, add_refused = _with_added_line(query)
        bound = data is not None
        form = QuotePageForm(data)
        lines = QuoteLineFormSet(data)
        page: dict[str, Any] = {"form": form, "lines": lines, "result": None, "rows": [], "add_refused": add_refused}
        page["max_lines"] = MAX_LINES
        page["show_errors"] = bound and "_add_line" not in query
        catalog = None
        if bound and not lines.oversized:
            form.is_valid()
            header = form.cleaned_data
            agreement, on = header.get("agreement"), header.get("on")
            if agreement is not None and on is not None:
                as_of = AsOf(on=on, as_agreed=header.get("as_agreed"))
                page["customers"] = customers_on(agreement, as_of)
                page["agreement"], page["as_of"] = agreement, as_of
                catalog = load_catalog(agreement)
            if catalog is not None and form.is_valid() and lines.is_valid():
                result, now = price_quote_compared(
                    catalog,
                    lines=lines.to_requests(),
                    on=header["on"],
                    as_agreed=header["as_agreed"],
                    entity=header["entity"],
                )
                page["result"], page["rows"] = result, list(zip(result.lines, now, strict=True))
        page["line_forms"] = [
            (line, *line.split_inputs(_needed(catalog, line))) for line in ([] if lines.oversized else lines.forms)
        ]
        if not lines.oversized:  # the template a new line is copied from (static/js/formset.js)
            empty = lines.empty_form
            page["empty_line"] = (empty, *empty.split_inputs(None))
        page["clauses"] = clauses_cited(page["result"]) if page["result"] is not None else []
        page["saved"] = self._saved(query)
        page["save_form"] = save_form or SaveQuoteForm(initial={"title": page["saved"].title if page["saved"] else ""})
        page["can_save"] = self.request.user.has_perm("core.price_quote")
        page["prepared_by"] = self.request.user
        page["prepared_at"] = timezone.now()
        return page

    def _saved(self, query: QueryDict) -> SavedQuote | None:
        """The saved quote this page reopened (`?saved=`), if the user may save it again."""
        pk = query.get("saved", "")
        if not pk.isdigit() or len(pk) > 18:
            return None
        quote = saved_quotes_for(self.request.user).filter(pk=int(pk)).first()
        return quote if quote is not None and may_change(self.request.user, quote) else None


class QuotePageView(QuoteBuilderMixin, View):
    """The quote page: GET only, so a quote is a link."""

    def get(self, request, *args, **kwargs):
        page = self.build(request.GET)
        if page.get("result") is not None and request.GET.get("_export") == "csv":
            response = csv_response("quote.csv")
            write_quote_csv(page["result"], response)
            return response
        return self.render_to_response(self.get_context_data(**page, **kwargs))


def _with_added_line(query: QueryDict) -> tuple[QueryDict | None, bool]:
    """The page's data, with one more line when "Add a line" was pressed; (…, True) if that is refused."""
    if "form-TOTAL_FORMS" not in query:
        return None, False
    if "_add_line" not in query:
        return query, False
    total = query.get("form-TOTAL_FORMS", "")
    if not total.isdigit() or len(total) > 6 or int(total) >= MAX_LINES:
        return query, total.isdigit() and len(total) <= 6
    data = query.copy()
    data["form-TOTAL_FORMS"] = str(int(total) + 1)
    # The new line holds only its initial quantity, so it is an empty line, not one missing its product.
    data[f"form-{total}-quantity"] = str(QuoteLineForm.base_fields["quantity"].initial)
    return data, False


def _needed(catalog: Catalog | None, line: QuoteLineForm) -> frozenset[str] | None:
    product = line["product"].data if line.is_bound else None
    if catalog is None or not isinstance(product, str) or not product.strip():
        return None
    return inputs_for_text(catalog, product)


class QuoteSaveView(QuoteBuilderMixin, View):
    """Save the priced quote of the page's query string under a title (again, for a quote reopened by its
    owner): POST, so a link never saves. Each user saves only their own quotes."""

    posts_change_only_own_records = True  # tests/core/test_access_matrix.py

    def post(self, request, *args, **kwargs):
        save_form = SaveQuoteForm(request.POST)
        page = self.build(request.GET, save_form)
        result = page["result"]
        if result is None or not save_form.is_valid():
            page["save_refused"] = True
            return self.render_to_response(self.get_context_data(**page, **kwargs), status=400)
        header = page["form"].cleaned_data
        quote = save_quote(
            user=request.user,
            title=save_form.cleaned_data["title"],
            agreement=header["agreement"],
            entity=header["entity"],
            on=header["on"],
            as_agreed=header["as_agreed"],
            shows_all_entities=bool(header.get("all_entities")),
            requests=page["lines"].to_requests(),
            result=result,
            quote=page["saved"],
        )
        return redirect(quote)


class QuoteSuggestionsView(RoleRequiredMixin, View):
    """`?kind=buyer|product|inputs&q=…&agreement=…&on=…&as_agreed=…&all=1` → suggestions for the quote page.

    buyer: the agreement's Customers on the date (all entities but the Seller with `all`); product: the
    agreement's products by any name, with schedule and components; inputs: which optional inputs the
    product named `q` needs (null when `q` names no one product).
    """

    permission_required = "core.price_quote"

    def get(self, request, *args, **kwargs):
        asked = QuoteSuggestionsForm(request.GET)
        if not asked.is_valid():
            return JsonResponse({"errors": asked.errors}, status=400)
        kind, text, agreement = (asked.cleaned_data[k] for k in ("kind", "q", "agreement"))
        text = text.strip().replace("\x00", "")
        if kind == "inputs":
            needed = inputs_for_text(load_catalog(agreement), text) if agreement is not None and text else None
            return JsonResponse({"inputs": sorted(needed) if needed is not None else None})
        if kind == "product":
            return JsonResponse({"results": product_suggestions(agreement, text) if text else []})
        if asked.cleaned_data["all"] or agreement is None:
            entities = list(other_entities(agreement, text=text))
        else:
            entities = customers_on(agreement, asked.as_of(), text=text)
        return JsonResponse({"results": [{"value": e.slug, "label": e.name} for e in entities]})


class SavedQuoteListView(RoleRequiredMixin, ListView):
    """Saved quotes, newest first: a buyer's own; every user's for contract admins and auditors."""

    permission_required = "pricing.view_savedquote"
    model = SavedQuote
    template_name = "pricing/quote_saved_list.html"
    context_object_name = "quotes"
    paginate_by = SAVED_QUOTES_PER_PAGE

    def get_queryset(self):
        return saved_quotes_for(self.request.user)


class SavedQuoteDetailView(RoleRequiredMixin, DetailView):
    """A saved quote reopened: priced again with its inputs, saying what differs from when it was saved."""

    permission_required = "pricing.view_savedquote"
    model = SavedQuote
    template_name = "pricing/quote_saved_detail.html"
    context_object_name = "quote"

    def get_queryset(self):
        return saved_quotes_for(self.request.user)

    def get_context_data(self, **kwargs):
        reopened = reopen(self.object)
        return super().get_context_data(
            reopened=reopened,
            result=reopened.result,
            rows=reopened.rows,
            builder_query=builder_query(self.object, reopened.lines),
            clauses=clauses_cited(reopened.result),
            prepared_by=self.object.owner,
            prepared_at=self.object.saved_at,
            can_change=may_change(self.request.user, self.object),
            **kwargs,
        )


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
