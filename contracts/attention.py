"""What needs attention in the contracts: when each agreement's Term ends (`core.attention`).

The Term's end is decided by `contracts.snapshot.term_standing`, and each item shows its answer and its
reason. To count and page in the database, agreements are first ordered by the expiry their latest
Term version sets; that restates only "the Term version of the latest amendment (by effective date,
then number) replaces the others", the order `term_standing` applies, and
tests/core/test_home.py checks that the two agree.

Notice and renewal dates are not modelled: the General Agreement's Section 1.2, which would set them,
is not in the documents. When a provision gives one, it belongs here, next to the Term's end.
"""

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse

from contracts.models import Agreement, TermVersion
from contracts.snapshot import term_standing
from core.attention import AttentionItem, AttentionList
from core.pointintime.dates import AsOf

TERM_END = "term_end"
PERMISSION = "contracts.view_agreement"


def attention_kinds(user: Any) -> dict[str, str]:
    return {TERM_END: "Term ending or ended"} if user.has_perm(PERMISSION) else {}


def _with_term_end():
    latest = TermVersion.objects.filter(agreement=OuterRef("pk")).order_by(
        "-amendment__effective_date", "-amendment__number"
    )
    return Agreement.objects.annotate(term_end=Subquery(latest.values("expiry_date")[:1])).filter(
        term_end__isnull=False
    )


def attention_lists(user: Any, *, on: date, limit: int, agreement: Any = None) -> list[AttentionList]:
    """Agreements whose Term ends on or after `on`, soonest first; then those whose Term has ended,
    most recently first. An agreement whose Term is unknown is not listed (its page says why)."""
    if not user.has_perm(PERMISSION):
        return []
    agreements = _with_term_end()
    if agreement is not None:
        agreements = agreements.filter(pk=agreement.pk)
    counts = agreements.aggregate(
        upcoming=Coalesce(Count("pk", filter=Q(term_end__gte=on)), 0),
        ended=Coalesce(Count("pk", filter=Q(term_end__lt=on)), 0),
    )
    chosen = list(agreements.filter(term_end__gte=on).order_by("term_end", "contract_number")[:limit])
    if len(chosen) < limit:
        chosen += agreements.filter(term_end__lt=on).order_by("-term_end", "contract_number")[: limit - len(chosen)]
    versions: dict[int, list[TermVersion]] = {}
    for version in TermVersion.objects.filter(agreement__in=[a.pk for a in chosen]).select_related("amendment"):
        versions.setdefault(version.agreement_id, []).append(version)
    items = []
    as_of = AsOf(on=on)
    for agreement in chosen:
        term = term_standing(agreement, as_of, versions=versions.get(agreement.pk, []))
        if term.expiry_date is None:
            continue
        ended = term.expiry_date < on
        verb = "ended" if ended else "ends"
        items.append(
            AttentionItem(
                key=f"term-end:{agreement.pk}:{term.expiry_date:%Y-%m-%d}",
                title=f"{agreement.title} ({agreement.contract_number}): Term {verb} {term.expiry_date:%Y-%m-%d}",
                url=f"{agreement.get_absolute_url()}?{urlencode({'on': on.isoformat()})}",
                detail=term.reason,
                due=term.expiry_date,
            )
        )
    return [
        AttentionList(
            kind=TERM_END,
            title="Term ending or ended",
            items=tuple(items),
            total=counts["upcoming"] + counts["ended"],
            more_url=reverse("contracts:agreement_list"),
            note=f"{counts['upcoming']} still running on {on:%Y-%m-%d}, {counts['ended']} ended by then.",
        )
    ]
