"""The contract admin's pages for drafting, previewing, approving and executing amendments.

Thin: the rules are in `drafts.execution` (applying, four eyes, executing) and `drafts.effect` (the
preview). Reading a draft needs `view_amendmentdraft` (contract admins and auditors; buyers never see
drafts); every change needs `change_amendmentdraft`.
"""

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views import View
from django.views.generic import ListView

from contracts.amending import next_amendment_number
from contracts.models import Agreement
from core.editing import StaleEditError, check_version, save_edit, set_change_reason, version_of
from core.views import RoleRequiredMixin
from drafts import effect
from drafts.execution import (
    DraftPartError,
    ExecutionRefused,
    approve,
    execute,
    needs_second_approval,
    reopen_after_edit,
)
from drafts.forms import PART_FORMSETS, ApproveForm, DraftForm, ExecuteForm, NewAgreementForm, WithdrawForm
from drafts.models import AmendmentDraft
from pricing.models import Product

EDIT_REASON = "Draft edited"
CHANGE = "drafts.change_amendmentdraft"


def _formsets(draft: AmendmentDraft, data=None, add: str = ""):
    formsets = []
    for prefix, heading, formset_class in PART_FORMSETS:
        # One empty row per part, and another where "Add a row" was asked without JavaScript; an empty
        # row left unchanged is ignored when the draft is saved.
        # A subclass per request: the module's class is shared by every thread of the server.
        sized = type(formset_class.__name__, (formset_class,), {"extra": 2 if prefix == add else 1})
        formset = sized(data, instance=draft, prefix=prefix, agreement=draft.agreement)
        formset.heading = heading
        formsets.append(formset)
    return formsets


def _draft_page(request: HttpRequest, draft: AmendmentDraft, *, status: int = 200, **context: Any) -> HttpResponse:
    """The draft page: its forms, the preview while it is open, and the execute / approve forms."""
    can_change = request.user.has_perm(CHANGE) and draft.is_open
    if can_change:
        context.setdefault("form", DraftForm(instance=draft, initial={"base_version": version_of(draft)}))
        context.setdefault("formsets", _formsets(draft, add=request.GET.get("add", "")))
        context.setdefault("execute_form", ExecuteForm())
        context.setdefault("approve_form", ApproveForm())
        context.setdefault("withdraw_form", WithdrawForm())
    if draft.is_open:
        context["preview"] = effect.preview(draft)
    context.update(
        draft=draft,
        can_change=can_change,
        needs_second_approval=needs_second_approval(draft),
        product_names=_product_names(draft),
    )
    return render(request, "drafts/draft_detail.html", context, status=status)


def _product_names(draft: AmendmentDraft) -> list[str]:
    """Suggestions for the product boxes: the agreement's product names (a few hundred at most)."""
    if draft.agreement is None:
        return []
    return list(
        Product.objects.filter(schedule__agreement=draft.agreement)
        .order_by("name")
        .values_list("name", flat=True)[:1000]
    )


class DraftListView(RoleRequiredMixin, ListView):
    """Drafts awaiting execution first, then the rest; one page at a time."""

    permission_required = "drafts.view_amendmentdraft"
    model = AmendmentDraft
    paginate_by = 50
    template_name = "drafts/draft_list.html"

    def get_queryset(self):
        drafts = AmendmentDraft.objects.select_related("agreement", "author", "executed_amendment")
        agreement = self.request.GET.get("agreement", "")
        if agreement.isdigit():
            drafts = drafts.filter(agreement_id=int(agreement))
        return drafts.order_by("-created_at", "-id")


class DraftCreateView(RoleRequiredMixin, View):
    """New amendment to an agreement: a draft with the next number, then the draft page."""

    permission_required = "drafts.add_amendmentdraft"
    model = Agreement

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        agreement = get_object_or_404(Agreement, pk=pk)
        form = DraftForm(
            initial={"number": next_amendment_number(agreement)}, instance=AmendmentDraft(agreement=agreement)
        )
        return render(request, "drafts/draft_create.html", {"agreement": agreement, "form": form})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        agreement = get_object_or_404(Agreement, pk=pk)
        form = DraftForm(request.POST, instance=AmendmentDraft(agreement=agreement, author=cast(User, request.user)))
        if not form.is_valid():
            return render(request, "drafts/draft_create.html", {"agreement": agreement, "form": form}, status=400)
        draft = save_edit(form.instance, reason="Draft started", save=form.save)
        return HttpResponseRedirect(draft.get_absolute_url())


class NewAgreementDraftView(RoleRequiredMixin, View):
    """A new agreement, drafted like an amendment (its own terms are "Amendment 0", the agreement as signed)."""

    permission_required = "drafts.add_amendmentdraft"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "drafts/agreement_create.html", {"form": NewAgreementForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = NewAgreementForm(request.POST, instance=AmendmentDraft(number=0, author=cast(User, request.user)))
        if not form.is_valid():
            return render(request, "drafts/agreement_create.html", {"form": form}, status=400)
        form.instance.title = "General Agreement as signed"
        draft = save_edit(form.instance, reason="Draft of a new agreement started", save=form.save)
        return HttpResponseRedirect(draft.get_absolute_url())


class DraftDetailView(RoleRequiredMixin, View):
    """GET: the draft, its preview and what can be done with it. POST: save the draft and its parts."""

    permission_required = "drafts.view_amendmentdraft"
    model = AmendmentDraft

    def get_permission_required(self):
        return (CHANGE,) if self.request.method == "POST" else (self.permission_required,)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return _draft_page(request, get_object_or_404(AmendmentDraft, pk=pk))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        draft = get_object_or_404(AmendmentDraft, pk=pk)
        if not draft.is_open:
            messages.error(request, f"This draft is {draft.get_status_display().lower()}: it can no longer be edited.")
            return _draft_page(request, draft, status=409)
        form = DraftForm(request.POST, instance=draft)
        formsets = _formsets(draft, request.POST)
        if not (form.is_valid() and all(f.is_valid() for f in formsets)):
            return _draft_page(request, draft, status=400, form=form, formsets=formsets)
        try:
            with transaction.atomic():
                AmendmentDraft.objects.select_for_update().filter(pk=draft.pk).exists()
                check_version(draft, form.cleaned_data.get("base_version"))
                reopen_after_edit(form.instance)
                save_edit(
                    form.instance,
                    reason=EDIT_REASON,
                    base_version=form.cleaned_data.get("base_version"),
                    save=form.save,
                )
                for formset in formsets:
                    _save_parts(formset)
        except StaleEditError as stale:
            form.add_error(None, ValidationError(str(stale), code="stale"))
            return _draft_page(request, draft, status=409, form=form, formsets=formsets)
        except ValidationError as error:
            form.add_error(None, error)
            return _draft_page(request, draft, status=400, form=form, formsets=formsets)
        add = request.POST.get("add", "")
        url = draft.get_absolute_url()
        if add in {prefix for prefix, _, _ in PART_FORMSETS}:
            return HttpResponseRedirect(f"{url}?add={add}#{add}")
        messages.success(request, "Draft saved. It changes no answer until it is executed.")
        return HttpResponseRedirect(f"{url}#preview")


def _save_parts(formset) -> None:
    """Save a formset's rows with the draft's edit reason on each history row."""
    for part in formset.save(commit=False):
        set_change_reason(part, EDIT_REASON)
        part.full_clean()
        part.save()
    for part in formset.deleted_objects:
        set_change_reason(part, EDIT_REASON)
        part.delete()


# The services name their fields after the records they write; the action forms name them for the user.
_FORM_FIELDS = {"change_reason": "reason", "file": "signed_document"}


def _add_errors(form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        name = _FORM_FIELDS.get(field, field)
        form.add_error(name if name in form.fields else None, errors)


class _DraftActionView(RoleRequiredMixin, View):
    permission_required: str | tuple[str, ...] = CHANGE
    model = AmendmentDraft
    form_class: Any = None
    form_context = ""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        draft = get_object_or_404(AmendmentDraft, pk=pk)
        form = self.form_class(request.POST, request.FILES)
        if form.is_valid():
            try:
                return self.act(request, draft, form)
            except ExecutionRefused as refused:
                for field, message in refused.errors.items():
                    form.add_error(None if field == "__all__" else field, message)
            except DraftPartError as error:
                form.add_error(None, str(error))
            except ValidationError as error:
                _add_errors(form, error)
        draft.refresh_from_db()
        if not draft.is_open:  # the page shows no action forms then: say why here
            for problem in form.non_field_errors():
                messages.error(request, problem)
        return _draft_page(request, draft, status=400, **{self.form_context: form})

    def act(self, request: HttpRequest, draft: AmendmentDraft, form) -> HttpResponse:
        raise NotImplementedError


class DraftExecuteView(_DraftActionView):
    """Execute: the signed PDF, the signature date and a reason; all of the draft becomes agreed at once."""

    permission_required = (CHANGE, "contracts.add_amendment", "contracts.add_document")
    form_class = ExecuteForm
    form_context = "execute_form"

    def act(self, request, draft, form):
        data = form.cleaned_data
        amendment = execute(
            draft,
            user=request.user,
            reason=data["reason"],
            signed_document=data["signed_document"],
            signed_on=data["signed_on"],
            retroactive_confirmed=data["confirm_retroactive"],
        )
        messages.success(request, f"Amendment {amendment.number} executed: it is now part of the agreement.")
        return HttpResponseRedirect(amendment.get_absolute_url())


class DraftApproveView(_DraftActionView):
    """Four eyes: a contract admin other than the author approves."""

    form_class = ApproveForm
    form_context = "approve_form"

    def act(self, request, draft, form):
        approve(draft, user=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, "Draft approved: it can now be executed.")
        return HttpResponseRedirect(draft.get_absolute_url())


class DraftWithdrawView(_DraftActionView):
    """Withdraw a draft that will not be signed; it stays, marked, with its history."""

    form_class = WithdrawForm
    form_context = "withdraw_form"

    def act(self, request, draft, form):
        if not draft.is_open:
            raise ExecutionRefused(
                {"__all__": f"This draft is {draft.get_status_display().lower()}: it cannot be withdrawn."}
            )
        draft.status = AmendmentDraft.Status.WITHDRAWN
        save_edit(draft, reason=form.cleaned_data["reason"], base_version=version_of(draft))
        messages.success(request, "Draft withdrawn.")
        return HttpResponseRedirect(reverse("drafts:draft_list"))
