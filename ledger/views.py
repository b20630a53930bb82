"""Pages that span every app's records: compare, as recorded, what an amendment changed, audit log."""

from django.db.models import Prefetch
from django.http import QueryDict
from django.views.generic import DetailView, TemplateView

from contracts.citations import cite_each
from contracts.models import Agreement, Amendment, ProvisionVersion
from contracts.snapshot import agreement_snapshot
from core.forms import MomentField, keep_typed_input
from core.views import RoleRequiredMixin, export_refused, filter_errors_text
from ledger.audit import AuditFilter, AuditLog, AuditPage, Position
from ledger.audit_export import audit_log_csv
from ledger.compare import changes_between, recorded_then_and_now
from ledger.forms import AuditFilterForm, RecordedAtForm, compared_points


class AmendmentDetailView(RoleRequiredMixin, DetailView):
    """What one amendment changed: its contract sections, discount tables and release schedules."""

    permission_required = "contracts.view_amendment"
    model = Amendment
    template_name = "ledger/amendment_detail.html"

    def get_queryset(self):
        return Amendment.objects.select_related("agreement").prefetch_related(
            "signatures__entity",
            "customers_added__entity",
            "customers_evidenced__entity",
            "term_versions",
            Prefetch("provision_versions", ProvisionVersion.objects.select_related("provision", "cited_document")),
        )

    def get_context_data(self, **kwargs):
        # The passages each provision version cites, read once per document.
        cite_each(self.object.provision_versions.all())
        return super().get_context_data(**kwargs)


class AgreementRecordedView(RoleRequiredMixin, DetailView):
    """The agreement as the database recorded it at a moment, next to what it holds now."""

    permission_required = ("contracts.view_agreement", "core.view_history")
    model = Agreement
    template_name = "ledger/agreement_recorded.html"

    def get_context_data(self, **kwargs):
        form = RecordedAtForm(self.request.GET)
        context: dict[str, object] = {"form": form}
        as_of = form.as_of() if form.is_bound else None
        if as_of is not None and as_of.recorded_at is not None:
            recorded = recorded_then_and_now(self.object, as_of.recorded_at, on=as_of.on, as_agreed=as_of.as_agreed)
            context.update(
                at=as_of.recorded_at,
                on=as_of.on,
                as_agreed=as_of.as_agreed,
                now=recorded.now,
                then=recorded.then,
                diff=recorded.diff,
            )
        return super().get_context_data(**context, **kwargs)


class AgreementCompareView(RoleRequiredMixin, DetailView):
    """What differs between two points in time (e.g. before and after an amendment)."""

    permission_required = "contracts.view_agreement"
    model = Agreement
    template_name = "ledger/agreement_compare.html"

    def get_context_data(self, **kwargs):
        left, right = compared_points(self.request.GET)
        context: dict[str, object] = {"forms": (left, right)}
        before, after = left.as_of(), right.as_of()
        if left.is_bound and before is not None and after is not None:
            context["diff"] = changes_between(
                self.object,
                agreement_snapshot(self.object, on=before.on, as_agreed=before.as_agreed),
                agreement_snapshot(self.object, on=after.on, as_agreed=after.as_agreed),
            )
        return super().get_context_data(**context, **kwargs)


MOMENT_HELP = "UTC; a date alone means the whole day."


class AuditLogForm(AuditFilterForm):
    """The page's filters: "From" and "To" take a time of day (a date alone still means the whole day)."""

    # The API's form (`AuditFilterForm`) takes dates; a datetime is a date to `AuditFilter` too.
    date_from = MomentField(required=False, label="From", help_text=MOMENT_HELP)  # type: ignore[assignment]
    date_to = MomentField(end=True, required=False, label="To", help_text=MOMENT_HELP)  # type: ignore[assignment]


class AuditLogView(RoleRequiredMixin, TemplateView):
    """Every change to every audited record: who, when, what, old → new, why. CSV with `_export=csv`.

    Paged by position ("Older" / "Newer"), never by number: see `ledger.audit`.
    """

    permission_required = "core.view_history"
    template_name = "ledger/audit_log.html"
    paginate_by = 50

    def get(self, request, *args, **kwargs):
        form = AuditLogForm(request.GET or None)
        audit_filter = form.audit_filter() if form.is_bound else AuditFilter()
        export = request.GET.get("_export")
        if export and export != "csv":
            return export_refused(f"Export: no {export} export here; choose csv.")
        if audit_filter is None and export:
            return export_refused(filter_errors_text(form))
        if audit_filter is None:
            keep_typed_input(form)
            return self.render_to_response(self.get_context_data(form=form, links=_page_links(request.GET)))
        log = AuditLog(audit_filter)
        if export:
            return audit_log_csv(log)
        data = form.cleaned_data if form.is_bound else {}
        page = log.page(after=data.get("after"), before=data.get("before"), size=self.paginate_by)
        return self.render_to_response(
            self.get_context_data(
                form=form,
                page=page,
                count=log.count(),
                paged=bool(data.get("after") or data.get("before")),
                links=_page_links(request.GET, page),
            )
        )


def _page_links(query: QueryDict, page: AuditPage | None = None) -> dict[str, str]:
    """The query strings of the newest, newer and older pages, keeping the filters."""

    def at(**position: Position) -> str:
        params = query.copy()
        for name in ("after", "before", "_export", "page"):
            params.pop(name, None)
        for name, value in position.items():
            params[name] = value.token
        return params.urlencode()

    links = {"newest": at()}
    if page is not None and page.newer is not None:
        links["newer"] = at(before=page.newer)
    if page is not None and page.older is not None:
        links["older"] = at(after=page.older)
    return links
