"""Release pages: the board, the timeline pictures, a release, and the admins' recording forms."""

from datetime import date
from typing import cast

from django.contrib.auth.models import User
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import CreateView, DetailView, TemplateView, UpdateView, View

from core.editing import EditViewMixin
from core.pointintime.inputs import PagePointInTimeForm
from core.views import FilteredTableView, RoleRequiredMixin
from releases.board import board_rows, flag_counts, release_status
from releases.filtersets import ReleaseFilterSet
from releases.forms import ForecastRevisionForm, ReleaseTrackingForm, RemedyForm
from releases.models import ForecastRevision, ProductLine, Release, Remedy
from releases.slips import Flag
from releases.tables import ReleaseBoardTable
from releases.timeline import schedule_timeline


class ReleaseListView(FilteredTableView):
    """The release board: each release's flags for one milestone on the as-of date."""

    permission_required = "releases.view_release"
    queryset = Release.objects.for_slips()
    filterset_class = ReleaseFilterSet
    table_class = ReleaseBoardTable
    template_name = "releases/release_list.html"
    page_title = "Release board"
    page_intro = (
        "Exhibit B of Amendment 3 against the Seller's revisions, actual dates and the Customer's need-by dates."
    )

    filterset: ReleaseFilterSet

    def get_table_data(self):
        self.board_options = self.filterset.board_options()
        if self.board_options is None:
            return []
        return board_rows(self.object_list, **self.board_options)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["options"] = self.board_options
        context["today"] = timezone.localdate()
        context["flags_legend"] = list(Flag)
        context["flag_counts"] = flag_counts(context["table"].data.data)
        return context


class ReleaseOnForm(PagePointInTimeForm):
    """Release flags are computed for one date: the `on` axis only."""

    axes = ("on",)


class _AsOfMixin(View):
    def as_of(self) -> date:
        """The date the flags are computed for: the one point-in-time form's `on` (today when not given)."""
        self.as_of_form = ReleaseOnForm(self.request.GET)
        as_of = self.as_of_form.as_of()
        return as_of.on if as_of else timezone.localdate()


class ReleaseDetailView(_AsOfMixin, RoleRequiredMixin, DetailView):
    """One release: its dates as written and as understood, revisions, remedies and flags."""

    permission_required = "releases.view_release"
    queryset = Release.objects.for_slips()
    template_name = "releases/release_detail.html"

    def get_context_data(self, **kwargs):
        status = release_status(self.object, as_of=self.as_of())
        return super().get_context_data(status=status, form=self.as_of_form, today=timezone.localdate(), **kwargs)


class ScheduleTimelineView(_AsOfMixin, RoleRequiredMixin, TemplateView):
    """The whole schedule as one picture."""

    permission_required = "releases.view_release"
    template_name = "releases/timeline.html"

    def get_context_data(self, **kwargs):
        as_of = self.as_of()
        timeline = schedule_timeline(Release.objects.for_slips(), as_of=as_of)
        return super().get_context_data(timeline=timeline, form=self.as_of_form, title="Exhibit B", **kwargs)


class ProductLineTimelineView(_AsOfMixin, RoleRequiredMixin, TemplateView):
    """One product line as a picture."""

    permission_required = "releases.view_release"
    template_name = "releases/timeline.html"

    def get_context_data(self, **kwargs):
        product_line = get_object_or_404(ProductLine, pk=self.kwargs["pk"])
        as_of = self.as_of()
        timeline = schedule_timeline(Release.objects.for_slips().in_product_line(product_line), as_of=as_of)
        return super().get_context_data(
            timeline=timeline,
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
