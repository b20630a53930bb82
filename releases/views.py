"""Release pages: the board, the timeline pictures, a release, and the admins' recording forms."""

from datetime import date
from typing import cast

from django.contrib.auth.models import User
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import CreateView, DetailView, TemplateView, UpdateView, View

from contracts.models import Agreement
from core.editing import EditViewMixin
from core.pointintime.defaults import DefaultDate
from core.pointintime.inputs import PagePointInTimeForm
from core.views import FilteredTableView, RoleRequiredMixin
from releases.board import Board, default_as_of, release_status
from releases.filtersets import ReleaseFilterSet, board_from
from releases.forms import ForecastRevisionForm, ReleaseOnForm, ReleaseTrackingForm, RemedyForm, ScheduleTimelineForm
from releases.models import ForecastRevision, ProductLine, Release, Remedy
from releases.slips import Flag
from releases.tables import BoardPaginator, BoardTableData, ReleaseBoardTable
from releases.timeline import schedule_timeline


class ReleaseListView(FilteredTableView):
    """The release board of one agreement: each release's flags for one milestone on the as-of date."""

    permission_required = "releases.view_release"
    queryset = Release.objects.none()  # the board builds its own query (`ReleaseFilterSet.board`)
    filterset_class = ReleaseFilterSet
    table_class = ReleaseBoardTable
    template_name = "releases/release_list.html"
    page_title = "Release board"
    page_intro = (
        "Exhibit B of Amendment 3 against the Seller's revisions, actual dates and the Customer's need-by dates."
    )
    paginator_class = BoardPaginator

    filterset: ReleaseFilterSet
    default_date: DefaultDate | None = None

    def get_table_data(self):
        self.board = self._board()
        return BoardTableData(self.board) if self.board else []

    def _board(self) -> Board | None:
        """The board asked for; with no "on" date given, as of the agreement's default date (today, or
        the Term's last day once the Term has ended)."""
        board = self.filterset.board()
        if board is None or (self.filterset.is_bound and self.filterset.form.cleaned_data.get("on")):
            return board
        self.default_date = default_as_of(board.agreement)
        if self.default_date.on == board.as_of:
            return board
        data = self.filterset.form.cleaned_data if self.filterset.is_bound else {"agreement": board.agreement}
        return board_from({**data, "on": self.default_date.on})  # a query not yet run: nothing is read twice

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["board"] = self.board
        context["default_date"] = self.default_date
        context["needs_agreement"] = self.filterset.needs_agreement
        context["today"] = timezone.localdate()
        context["flags_legend"] = list(Flag)
        context["flag_counts"] = self.board.flag_counts() if self.board else []
        return context


class _AsOfMixin(View):
    form_class: type[PagePointInTimeForm] = ReleaseOnForm
    default_date: DefaultDate | None = None

    @cached_property
    def as_of_form(self) -> PagePointInTimeForm:
        return self.form_class(self.request.GET)

    def as_of_form_valid(self) -> bool:
        """False when a date given is not one (the form says why: no date is assumed in its place)."""
        return self.as_of_form.as_of() is not None

    def as_of(self, agreement: Agreement) -> date | None:
        """The date the flags are computed for: the one given, else `agreement`'s default date (today, or
        the Term's last day once the Term has ended); None when the date given is not one."""
        if not self.as_of_form_valid():
            return None
        given = self.as_of_form.cleaned_data.get("on") if self.as_of_form.is_bound else None
        if given:
            return given
        self.default_date = default_as_of(agreement)
        return self.default_date.on

    def get_context_data(self, **kwargs):
        return super().get_context_data(default_date=self.default_date, **kwargs)  # type: ignore[misc]


class ReleaseDetailView(_AsOfMixin, RoleRequiredMixin, DetailView):
    """One release: its dates as written and as understood, revisions, remedies and flags."""

    permission_required = "releases.view_release"
    queryset = Release.objects.for_slips()
    template_name = "releases/release_detail.html"

    def get_context_data(self, **kwargs):
        as_of = self.as_of(self.object.group.product_line.schedule.amendment.agreement)
        status = release_status(self.object, as_of=as_of) if as_of else None
        remedies = status.remedies if status else [(remedy, "—") for remedy in self.object.remedies.all()]
        return super().get_context_data(
            status=status, remedies=remedies, form=self.as_of_form, today=timezone.localdate(), **kwargs
        )


class ScheduleTimelineView(_AsOfMixin, RoleRequiredMixin, TemplateView):
    """One agreement's schedule as one picture (the only agreement with one, unless another is chosen)."""

    permission_required = "releases.view_release"
    template_name = "releases/timeline.html"
    form_class = ScheduleTimelineForm

    def get_context_data(self, **kwargs):
        form = cast(ScheduleTimelineForm, self.as_of_form)
        agreement = form.chosen_agreement() if self.as_of_form_valid() else None
        as_of = self.as_of(agreement) if agreement else None
        timeline = None
        if as_of and agreement:
            timeline = schedule_timeline(Release.objects.for_slips().of_agreement(agreement), as_of=as_of)
        return super().get_context_data(
            timeline=timeline, agreement=agreement, form=self.as_of_form, title="Exhibit B", **kwargs
        )


class ProductLineTimelineView(_AsOfMixin, RoleRequiredMixin, TemplateView):
    """One product line as a picture."""

    permission_required = "releases.view_release"
    template_name = "releases/timeline.html"

    def get_context_data(self, **kwargs):
        product_line = get_object_or_404(
            ProductLine.objects.select_related("schedule__amendment__agreement"), pk=self.kwargs["pk"]
        )
        as_of = self.as_of(product_line.schedule.amendment.agreement)
        timeline = None
        if as_of:
            timeline = schedule_timeline(Release.objects.for_slips().in_product_line(product_line), as_of=as_of)
        return super().get_context_data(
            timeline=timeline,
            agreement=product_line.schedule.amendment.agreement,
            form=self.as_of_form,
            title=str(product_line),
            product_line=product_line,
            **kwargs,
        )


class _ReleaseFormMixin(EditViewMixin, RoleRequiredMixin, View):
    """A form about one release: saved through the one editing path, then back to the release."""

    title = ""

    @cached_property
    def release(self):
        return get_object_or_404(Release.objects.with_schedule(), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(release=self.release, title=self.title, **kwargs)

    def get_success_url(self):
        return reverse("releases:release_detail", args=[self.release.pk])


class ReleaseTrackingView(_ReleaseFormMixin, UpdateView):
    permission_required = "releases.change_release"
    form_class = ReleaseTrackingForm
    template_name = "releases/release_form.html"
    title = "Record actual and need-by dates"
    success_message = "Dates recorded."

    def get_object(self, queryset=None):
        return self.release


class ForecastRevisionCreateView(_ReleaseFormMixin, CreateView):
    permission_required = "releases.add_forecastrevision"
    form_class = ForecastRevisionForm
    template_name = "releases/release_form.html"
    title = "Record a forecast revision"
    success_message = "Forecast revision recorded."

    def get_form_kwargs(self):
        # Login is required on every page (middleware), so the user is a real one.
        instance = ForecastRevision(release=self.release, recorded_by=cast(User, self.request.user))
        return {**super().get_form_kwargs(), "instance": instance}

    def get_change_reason(self, form):
        return f"Forecast revised: {form.cleaned_data['reason']}"


class RemedyCreateView(_ReleaseFormMixin, CreateView):
    permission_required = "releases.add_remedy"
    form_class = RemedyForm
    template_name = "releases/release_form.html"
    title = "Record a remedy"
    success_message = "Remedy recorded."
    default_change_reason = "Remedy recorded"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": Remedy(release=self.release)}


class RemedyUpdateView(_ReleaseFormMixin, UpdateView):
    permission_required = "releases.change_remedy"
    form_class = RemedyForm
    template_name = "releases/release_form.html"
    title = "Update a remedy"
    success_message = "Remedy updated."

    @cached_property
    def remedy(self):
        return get_object_or_404(Remedy.objects.select_related("release"), pk=self.kwargs["pk"])

    @cached_property
    def release(self):
        return self.remedy.release

    def get_object(self, queryset=None):
        return self.remedy
