"""`{% agreement_documents agreement %}` and `{% amendment_documents amendment %}`: the documents list.

One line in a page shows the documents with their download links, and the upload link to users who
may upload. Bounded: the first `DOCUMENTS_SHOWN`, in two queries whatever their number.
"""

from django import template
from django.db.models import F

from contracts.models import Document

register = template.Library()

DOCUMENTS_SHOWN = 50


def _listed(context, documents, *, agreement, amendment=None):
    # The agreement's own documents first, on every database (PostgreSQL sorts NULLs last).
    first = F("amendment__number").asc(nulls_first=True)
    ordered = documents.select_related("amendment", "uploaded_by").order_by(first, "uploaded_at", "id")
    shown = list(ordered[: DOCUMENTS_SHOWN + 1])
    user = context.get("user") or getattr(context.get("request"), "user", None)
    return {
        "documents": shown[:DOCUMENTS_SHOWN],
        "more": len(shown) > DOCUMENTS_SHOWN,
        "agreement": agreement,
        "amendment": amendment,
        "can_upload": bool(user and user.has_perm("contracts.add_document")),
    }


@register.inclusion_tag("contracts/_documents.html", takes_context=True)
def agreement_documents(context, agreement):
    """The agreement's documents, its amendments' included (the agreement's own first)."""
    return _listed(context, Document.objects.filter(agreement=agreement), agreement=agreement)


@register.inclusion_tag("contracts/_documents.html", takes_context=True)
def amendment_documents(context, amendment):
    """The documents of one amendment."""
    return _listed(
        context, Document.objects.filter(amendment=amendment), agreement=amendment.agreement, amendment=amendment
    )
