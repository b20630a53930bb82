"""Marking a finding reviewed (or withdrawing the review) from the page that shows the finding."""

from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.views import View

from core.findings import CODE_MAX_LENGTH, mark_reviewed, unmark
from core.forms import YesNoField
from core.history import audited_model
from core.views import RoleRequiredMixin


class FindingReviewForm(forms.Form):
    code = forms.CharField(max_length=CODE_MAX_LENGTH, widget=forms.HiddenInput)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, strip=False)
    unmark = YesNoField(widget=forms.HiddenInput)


class FindingReviewView(RoleRequiredMixin, View):
    """POST: mark one finding of a record reviewed with a note, or unmark it; back to the record's page.

    The subject is any audited record the user may view; its page shows the finding at `#<code>`.
    """

    permission_required = "core.review_findings"
    http_method_names = ["post"]
    # Reviewing writes a review (core.FindingReview), never the reviewed record: auditors may do it.
    posts_review_findings = True

    def _subject(self, app_label: str, model_name: str, pk: int) -> Model:
        model = audited_model(app_label, model_name)
        opts = model._meta
        if not self.request.user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            raise PermissionDenied
        return get_object_or_404(model._default_manager, pk=pk)

    def post(self, request: HttpRequest, app_label: str, model_name: str, pk: int) -> HttpResponse:
        subject = self._subject(app_label, model_name, pk)
        form = FindingReviewForm(request.POST)
        if form.is_valid():
            code, user = form.cleaned_data["code"], request.user
            try:
                if form.cleaned_data["unmark"]:
                    unmark(subject, code, user=user)
                else:
                    mark_reviewed(subject, code, user=user, note=form.cleaned_data["note"])
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                return HttpResponseRedirect(f"{subject.get_absolute_url()}#{code}")  # type: ignore[attr-defined]
        context: dict[str, Any] = {"form": form, "subject": subject}
        return render(request, "core/finding_review_refused.html", context, status=400)
