"""Document pages: download one (as an attachment, whatever it holds) and upload a signed PDF.

Kept apart from `contracts.views` so the documents' rules stay next to `contracts.documents`.
"""

import logging
import re
from functools import cached_property

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.views import View
from django.views.generic import FormView

from contracts.documents import PDF, SERVED_TYPES, TEXT, DocumentUploadForm
from contracts.models import Agreement, Document
from core.views import RoleRequiredMixin

logger = logging.getLogger("ledgerline.documents")

_EXTENSIONS = {PDF: ".pdf", TEXT: ".txt"}
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def download_name(document: Document) -> str:
    """An ASCII file name from the title (or the uploaded name), with the extension of what is sent."""
    stem = _UNSAFE.sub("_", document.title or document.original_name).strip("._-")[:80] or f"document-{document.pk}"
    return stem + _EXTENSIONS.get(document.content_type, ".bin")


class DocumentDownloadView(RoleRequiredMixin, View):
    """A document's bytes, always as an attachment that the browser may neither sniff nor render.

    The content type is the stored one only if it is one the app itself stores (PDF, UTF-8 text);
    anything else goes out as opaque bytes, so no record can make the app serve HTML.
    """

    permission_required = "contracts.view_document"
    model = Document

    def get(self, request, pk):
        document = get_object_or_404(Document, pk=pk)
        content_type = document.content_type if document.content_type in SERVED_TYPES else "application/octet-stream"
        try:
            handle = document.file.open("rb")
        except FileNotFoundError as missing:
            logger.error("Document %s: stored file %s is missing", document.pk, document.file.name)
            raise Http404("The document's file is missing from storage.") from missing
        response = FileResponse(handle, as_attachment=True, filename=download_name(document), content_type=content_type)
        response["X-Content-Type-Options"] = "nosniff"
        # Kept by the CSP middleware, which sets its own policy only where none is set.
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        response["Cross-Origin-Resource-Policy"] = "same-origin"
        patch_cache_control(response, private=True, no_store=True)
        return response


class DocumentUploadView(RoleRequiredMixin, FormView):
    """Upload a signed PDF to an agreement (or one of its amendments), with a reason."""

    permission_required = "contracts.add_document"
    model = Agreement
    form_class = DocumentUploadForm
    template_name = "contracts/document_upload.html"

    @cached_property
    def agreement(self):
        return get_object_or_404(Agreement, pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["agreement"] = self.agreement
        return kwargs

    def get_initial(self):
        # "Upload" from an amendment's page preselects it (ignored if not one of the agreement's).
        amendment = self.request.GET.get("amendment", "")
        return {"amendment": amendment} if amendment.isdigit() else {}

    def get_context_data(self, **kwargs):
        return super().get_context_data(agreement=self.agreement, **kwargs)

    def form_valid(self, form):
        document = form.save(user=self.request.user)
        if document is None:
            return self.form_invalid(form)
        messages.success(self.request, f"“{document.title}” was uploaded.")
        return HttpResponseRedirect(self.agreement.get_absolute_url())
