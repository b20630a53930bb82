"""Training seats that lapse soon, for the home page and the reminders (`core.attention`).

One list, `seats_expiring`: the unused seats whose use-by date falls within the next 60 days of `on`
(`obligations.training`), soonest first. The seats are computed per training incentive in a fixed
number of queries each (a portfolio costs one such computation per agreement with an incentive, not
one per seat). Notice periods give no list: no notice period is stated in the documents (the
commitments register says so), and the Term's end is the contracts app's list.
"""

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from core.attention import AttentionItem, AttentionList
from obligations.models import TrainingIncentive
from obligations.training import EXPIRING_WITHIN_DAYS, training_report

KIND = "seats_expiring"
TITLE = f"Training seats expiring within {EXPIRING_WITHIN_DAYS} days"


def attention_kinds(user: Any) -> dict[str, str]:
    return {KIND: TITLE} if user.has_perm("obligations.view_trainingincentive") else {}


def attention_lists(user: Any, *, on: date, limit: int) -> list[AttentionList]:
    if not user.has_perm("obligations.view_trainingincentive"):
        return []
    items: list[AttentionItem] = []
    for incentive in TrainingIncentive.objects.select_related("agreement", "amendment").order_by("agreement_id", "key"):
        report = training_report(incentive, on=on)
        query = urlencode(
            {"agreement": incentive.agreement.contract_number, "on": on.isoformat(), "status": "expiring"}
        )
        url = f"{reverse('obligations:training')}?{query}"
        for seat in report.expiring:
            items.append(
                AttentionItem(
                    key=f"seat-expiring:{incentive.pk}:{seat.group.key}:{seat.block.number}:{seat.number}",
                    title=f"{incentive.agreement.contract_number}: a {seat.group.clause} training seat lapses unused",
                    url=url,
                    detail=f"Earned {seat.earned_on:%Y-%m-%d}; use by {seat.use_by:%Y-%m-%d}.",
                    due=seat.use_by,
                )
            )
    items.sort(key=lambda item: (item.due or date.max, item.key))
    if not items:
        return []
    return [
        AttentionList(
            kind=KIND,
            title=TITLE,
            items=tuple(items[:limit]),
            total=len(items),
            more_url=reverse("obligations:training"),
        )
    ]
