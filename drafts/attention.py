"""Draft amendments awaiting approval or execution (`core.attention`), for those who may see drafts
(never buyers: `buyers_see = False`). Open means neither executed nor withdrawn
(`AmendmentDraft.is_open`); an item falls due on the draft's effective date."""

from datetime import date
from typing import Any

from django.urls import reverse

from core.attention import AttentionItem, AttentionList
from drafts.models import AmendmentDraft

DRAFTS_AWAITING = "drafts_awaiting"
PERMISSION = "drafts.view_amendmentdraft"
OPEN = (AmendmentDraft.Status.DRAFT, AmendmentDraft.Status.APPROVED)


def attention_kinds(user: Any) -> dict[str, str]:
    return {DRAFTS_AWAITING: "Draft amendments awaiting execution"} if user.has_perm(PERMISSION) else {}


def _title(draft: AmendmentDraft) -> str:
    if draft.agreement is None:
        return f"New agreement {draft.new_contract_number}"
    return f"Amendment {draft.number} to {draft.agreement.contract_number}"


def attention_lists(user: Any, *, on: date, limit: int, agreement: Any = None) -> list[AttentionList]:
    if not user.has_perm(PERMISSION):
        return []
    drafts = AmendmentDraft.objects.filter(status__in=OPEN)
    if agreement is not None:  # a new agreement's draft belongs to no agreement yet
        drafts = drafts.filter(agreement=agreement)
    total = drafts.count()
    rows = drafts.select_related("agreement").order_by("effective_date", "pk")[:limit]
    items = []
    for draft in rows:
        waiting = "approved, awaiting execution" if draft.status == AmendmentDraft.Status.APPROVED else "draft"
        items.append(
            AttentionItem(
                # A new key once approved: the approval is news to whoever executes.
                key=f"{DRAFTS_AWAITING}:{draft.pk}:{draft.status}",
                title=_title(draft),
                url=draft.get_absolute_url(),
                detail=f"{waiting}; takes effect {draft.effective_date:%Y-%m-%d}",
                due=draft.effective_date,
            )
        )
    return [
        AttentionList(
            kind=DRAFTS_AWAITING,
            title="Draft amendments awaiting execution",
            items=tuple(items),
            total=total,
            more_url=reverse("drafts:draft_list"),
        )
    ]
