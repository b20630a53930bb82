"""Obligations pages: training seats, seat uses, the commitments register, spend by product group.

Each answer is for one agreement on one date (the only agreement with obligations unless another is
named); the views read the question from the filter form and make one call into the domain.
"""

from typing import Any, cast

from django.contrib.auth.models import User
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import CreateView, UpdateView

from core.editing import EditViewMixin
from core.views import FilteredTableView, RoleRequiredMixin
from obligations.filtersets import CommitmentFilterSet, SeatFilterSet, SeatUseFilterSet, SpendFilterSet
from obligations.forms import SeatUseForm, sole_obligated_agreement
from obligations.models import Commitment, SeatUse, TrainingIncentive
from obligations.register import register
from obligations.spend_chart import spend_chart
from obligations.spending import ProductResolver, agreement_spend
from obligations.tables import CommitmentTable, SeatTable, SeatUseTable, SpendTable
from obligations.training import training_report
from pricing.catalog import load_catalog


class _QuestionTableView(FilteredTableView):
    """A computed list for one agreement on one date; CSV and XLSX of the rows filtered (all pages)."""

    export_formats = ("csv", "xlsx")
    template_name = "obligations/question_table.html"

    def question(self):
        return self.filterset.question()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        question = self.question()
        context["agreement"], context["on"] = (question[0], question[1]) if question else (None, None)
        context["needs_agreement"] = question is None and not self.filterset.is_bound
        return context


class TrainingView(_QuestionTableView):
    """A-1.24 seats on a date: earned per group, used, remaining, each seat's use-by, those lapsing soon."""

    permission_required = "obligations.view_trainingincentive"
    queryset = TrainingIncentive.objects.none()  # the seats are computed (`training.training_report`)
    filterset_class = SeatFilterSet
    table_class = SeatTable
    template_name = "obligations/training.html"
    page_title = "Training seats"
    page_intro = "Seats earned under the training incentive (A-1.24) by purchases, used and lapsing, on a date."

    @cached_property
    def report(self):
        question = self.question()
        if question is None:
            return None
        agreement, on, _ = question
        incentive = (
            TrainingIncentive.objects.filter(agreement=agreement)
            .select_related("agreement", "amendment", "clause")
            .order_by("section", "key")
            .first()
        )
        return training_report(incentive, on=on) if incentive else None

    def get_table_data(self):
        if self.report is None:
            return []
        status = self.filterset.form.cleaned_data.get("status") if self.filterset.is_bound else None
        return [seat for seat in self.report.seats if not status or seat.status(self.report.on) == status]

    def get_table_kwargs(self):
        return {"on": self.report.on if self.report else None}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["report"] = self.report
        context["can_record"] = self.request.user.has_perm("obligations.add_seatuse")
        return context


class SeatUseListView(FilteredTableView):
    permission_required = "obligations.view_seatuse"
    queryset = SeatUse.objects.select_related("incentive", "recorded_by")
    filterset_class = SeatUseFilterSet
    table_class = SeatUseTable
    export_formats = ("csv", "xlsx")
    template_name = "obligations/seatuse_list.html"
    page_title = "Training seats used"
    page_intro = "Each tuition-free seat taken: who attended which course, when, recorded by whom."

    def get_table_kwargs(self):
        return {"can_edit": self.request.user.has_perm("obligations.change_seatuse")}


class _SeatUseFormMixin(EditViewMixin, RoleRequiredMixin):
    model = SeatUse
    form_class = SeatUseForm
    template_name = "obligations/seatuse_form.html"
    title = ""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(title=self.title, incentive=self.incentive, **kwargs)

    def get_success_url(self) -> str:
        return f"{reverse('obligations:training')}?agreement={self.incentive.agreement.contract_number}"


class SeatUseCreateView(_SeatUseFormMixin, CreateView):
    permission_required = "obligations.add_seatuse"
    title = "Record a seat used"
    success_message = "Seat use recorded."
    default_change_reason = "Seat use recorded"

    @cached_property
    def incentive(self) -> TrainingIncentive:
        """The incentive of `?agreement=` (contract number), else of the only agreement with obligations."""
        named = self.request.GET.get("agreement", "")[:200]
        incentives = TrainingIncentive.objects.select_related("agreement").order_by("section", "key")
        if named:
            return get_object_or_404(incentives.filter(agreement__contract_number=named)[:1])
        agreement = sole_obligated_agreement()
        return get_object_or_404(incentives.filter(agreement=agreement)[:1])

    def get_form_kwargs(self) -> dict[str, Any]:
        # Login is required on every page (middleware), so the user is a real one.
        instance = SeatUse(incentive=self.incentive, recorded_by=cast(User, self.request.user))
        return {**super().get_form_kwargs(), "instance": instance}


class SeatUseUpdateView(_SeatUseFormMixin, UpdateView):
    permission_required = "obligations.change_seatuse"
    queryset = SeatUse.objects.select_related("incentive__agreement")
    title = "Correct a seat use"
    success_message = "Seat use corrected."

    @property
    def incentive(self) -> TrainingIncentive:
        return self.object.incentive


class CommitmentListView(_QuestionTableView):
    """Every commitment of one agreement with its status, evidence and spend on a date."""

    permission_required = "obligations.view_commitment"
    queryset = Commitment.objects.select_related("amendment", "clause")
    filterset_class = CommitmentFilterSet
    table_class = CommitmentTable
    page_title = "Commitments"
    page_intro = (
        "Every obligation the amendments state: whose it is, the clause, its measure, and its status on the "
        "date with the evidence. Spend is the amount paid for the purchases that count toward it."
    )

    def get_table_data(self):
        question = self.question()
        if question is None:
            return []
        agreement, on, _ = question
        return register(agreement, on=on, commitments=list(self.filterset.qs.filter(agreement=agreement)))


class SpendView(_QuestionTableView):
    """Amounts paid by product group (discount schedule) and quarter of the order date, as a chart and a table."""

    permission_required = ("obligations.view_commitment", "purchases.view_purchase")
    queryset = TrainingIncentive.objects.none()  # computed (`spending.agreement_spend`)
    filterset_class = SpendFilterSet
    table_class = SpendTable
    template_name = "obligations/spend.html"
    page_title = "Spend by product group"
    page_intro = (
        "Amounts paid, by the discount schedule of the product bought and the quarter it was ordered in. "
        "Purchases whose amount is not recorded are counted apart, never as zero."
    )

    @cached_property
    def report(self):
        question = self.question()
        if question is None:
            return None
        agreement, on, data = question
        resolver = ProductResolver(load_catalog(agreement))
        return agreement_spend(agreement, resolver, start=data.get("spend_from"), end=on)

    def get_table_data(self):
        return self.report.rows() if self.report else []

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["report"] = self.report
        context["chart"] = spend_chart(self.report) if self.report else None
        return context
