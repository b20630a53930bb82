"""Uploading an agreement data file in the browser: validation report, preview, apply.

Step 1 reads and validates the whole file (every problem with its line and place). Step 2, on the
same request, runs the load in a transaction that is rolled back (`load_agreement_text(dry_run=True)`)
and shows what would be created, changed (old → new) and removed. The file's text waits in the
session under a one-time token; step 3 loads it again from there (validated again, all or nothing),
with the admin's reason on every history row.
"""

import secrets

from django.shortcuts import render
from django.views.generic import TemplateView

from contracts.datafile import DataFileError, decode_data_file
from contracts.models import Agreement
from core.views import RoleRequiredMixin
from ledger.import_forms import DataFileApplyForm, DataFileUploadForm
from ledger.loading import load_agreement_text

SESSION_KEY = "ledger_data_file_import"


class DataFileImportView(RoleRequiredMixin, TemplateView):
    """Contract admins load a data file: the same loader as `manage.py load_agreement`."""

    permission_required = ("contracts.add_agreement", "contracts.change_agreement")
    template_name = "ledger/data_file_import.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("upload_form", DataFileUploadForm())
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        if "token" in request.POST:
            return self._apply(request)
        form = DataFileUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._render(upload_form=form)
        upload = form.cleaned_data["data_file"]
        name = upload.name.rsplit("/", 1)[-1][:100]
        try:
            text = decode_data_file(upload.read(), name)
            report = load_agreement_text(text, name, user=request.user, dry_run=True)
        except DataFileError as error:
            return self._render(errors=error.errors, source=name)
        token = secrets.token_urlsafe(24)
        request.session[SESSION_KEY] = {"token": token, "name": name, "text": text}
        return self._render(report=report, source=name, apply_form=DataFileApplyForm(initial={"token": token}))

    def _apply(self, request):
        form = DataFileApplyForm(request.POST)
        pending = request.session.get(SESSION_KEY) or {}
        if not form.is_valid():
            return self._render(apply_form=form, source=pending.get("name", ""))
        if not pending or not secrets.compare_digest(pending["token"], form.cleaned_data["token"]):
            return self._render(expired=True)
        try:
            report = load_agreement_text(
                pending["text"],
                pending["name"],
                user=request.user,
                prune=form.cleaned_data["prune"],
                reason=form.cleaned_data["change_reason"],
            )
        except DataFileError as error:
            return self._render(errors=error.errors, source=pending["name"])
        del request.session[SESSION_KEY]
        agreement = Agreement.objects.filter(contract_number=report.contract_number).first()
        return self._render(applied=report, source=pending["name"], agreement=agreement)

    def _render(self, **context):
        status = 400 if context.get("errors") or context.get("expired") else 200
        return render(self.request, self.template_name, self.get_context_data(**context), status=status)
