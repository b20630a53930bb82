"""The auditor's integrity page: is the history intact (core.tamper), and the head to keep."""

import json
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.generic import TemplateView

from core.chain import ChainHead, chain_head
from core.models import HistoryLink, HistoryVerification
from core.tamper import record_verification, verify_history
from core.views import RoleRequiredMixin


class HistoryIntegrityView(RoleRequiredMixin, TemplateView):
    """The latest verification (and the last few), the chain head now, and a button to verify now.

    Showing the page never re-reads the history (that costs a pass over every row); "Verify now"
    (POST) runs the same check as `manage.py verify_history` and records it. It changes no data, so
    auditors may use it.
    """

    permission_required = "core.view_history"
    template_name = "core/history_integrity.html"
    posts_are_reads = True  # verifying records that it was done, and writes nothing else

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        runs = list(HistoryVerification.objects.all()[:10])
        latest = runs[0] if runs else None
        head = chain_head()
        return super().get_context_data(
            latest=latest,
            earlier=runs[1:],
            head=head,
            unverified=(head.seq - (latest.head_seq or 0)) if head and latest else None,
            head_document=_head_document(latest),
            **kwargs,
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        report = verify_history(limit=100)
        record_verification(report, checked_by=request.user.get_username())
        return HttpResponseRedirect(reverse("core:history_integrity"))


def _head_document(latest: HistoryVerification | None) -> str:
    """The signed head of the latest intact verification, if the chain still holds it unchanged."""
    if latest is None or not latest.intact or latest.head_seq is None:
        return ""
    link = HistoryLink.objects.filter(seq=latest.head_seq, chain_hash=latest.head_hash).first()
    if link is None:
        return ""
    return json.dumps(ChainHead(link.seq, link.chain_hash, link.created).document(), indent=2)
