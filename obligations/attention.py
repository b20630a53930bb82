"""Training seats that lapse soon, for the home page and the reminders (`core.attention`).

One list, `seats_expiring`: the unused seats whose use-by date falls within the next 60 days of `on`
(`obligations.training`), soonest first. Seats are computed for one agreement, in a fixed number of
queries, as the training page computes them: the agreement asked about, else the only one with a
training incentive, else every agreement with one up to `core.attention.AGREEMENTS_AT_ONCE` (each costs a
reading of all its purchases; the reminders need them all). Past that nothing is computed: the list says
how many agreements have an incentive and asks to choose.
Notice periods give no list: no notice period is stated in the documents (the commitments register says
so), and the Term's end is the contracts app's list.
"""

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from core.attention import AGREEMENTS_AT_ONCE, AttentionItem, AttentionList, choose_an_agreement
from obligations.models import TrainingIncentive
from obligations.training import EXPIRING_WITHIN_DAYS, training_report

KIND = "seats_expiring"
TITLE = f"Training seats expiring within {EXPIRING_WITHIN_DAYS} days"


def attention_kinds(user: Any) -> dict[str, str]:
    return {KIND: TITLE} if user.has_perm("obligations.view_trainingincentive") else {}


def attention_lists(user: Any, *, on: date, limit: int, agreement: Any = None) -> list[AttentionList]:
    """Seats of `agreement`'s incentives, else of every agreement with one, up to `AGREEMENTS_AT_ONCE`
    (past that the list asks to choose one)."""
    if not user.has_perm("obligations.view_trainingincentive"):
        return []
    incentives = TrainingIncentive.objects.select_related("agreement", "amendment").order_by("agreement_id", "key")
    if agreement is None:
        covered = incentives.order_by().values("agreement_id").distinct()[: AGREEMENTS_AT_ONCE + 1].count()
        if covered > AGREEMENTS_AT_ONCE:
            return [_choose(incentives, on)]
    else:
        incentives = incentives.filter(agreement=agreement)
    items: list[AttentionItem] = []
    for incentive in incentives:
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


def _choose(incentives: Any, on: date) -> AttentionList:
    return choose_an_agreement(
        kind=KIND,
        title=TITLE,
        more_url=f"{reverse('obligations:training')}?{urlencode({'on': on.isoformat()})}",
        covered=incentives.order_by().values("agreement_id").distinct().count(),
        covering="have a training incentive",
    )
