"""Recent changes by others (`core.attention`): the audit log (`ledger.audit`) of the last
`RECENT_DAYS` days without the user's own changes, for those who may read history (never buyers).

Changes are system time: they do not depend on the "on" date the other lists are computed for. The
log reads a page by position and counts up to its `COUNT_LIMIT`, so the list costs the same at the
first change as at the millionth.
"""

from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from core.attention import AttentionItem, AttentionList
from ledger.audit import AuditFilter, AuditLog

RECENT_CHANGES = "recent_changes"
PERMISSION = "core.view_history"
RECENT_DAYS = 30


def attention_kinds(user: Any) -> dict[str, str]:
    return {RECENT_CHANGES: "Recent changes by others"} if user.has_perm(PERMISSION) else {}


class ChangesByOthers(AuditLog):
    """The audit log without one user's changes (changes without a user, e.g. a loaded file, stay)."""

    def __init__(self, audit_filter: AuditFilter, *, user_id: int):
        super().__init__(audit_filter)
        self._rows = {label: rows.exclude(history_user_id=user_id) for label, rows in self._rows.items()}


def _log_query(since: date, agreement: Any) -> dict[str, str]:
    query = {"date_from": since.isoformat()}
    if agreement is not None:
        query["agreement"] = agreement.contract_number
    return query


def attention_lists(user: Any, *, on: date, limit: int, agreement: Any = None) -> list[AttentionList]:
    if not user.has_perm(PERMISSION):
        return []
    since = timezone.localdate() - timedelta(days=RECENT_DAYS)
    scope = AuditFilter(date_from=since, agreement_id=None if agreement is None else agreement.pk)
    log = ChangesByOthers(scope, user_id=user.pk)
    counted = log.count()
    entries = log.page(size=limit).entries
    items = tuple(
        AttentionItem(
            key=f"{RECENT_CHANGES}:{entry.model_label}:{entry.history_id}",
            title=f"{entry.model_name.capitalize()} {entry.object_label} {entry.kind}",
            url=entry.history_url,
            detail=(
                f"by {entry.user or 'the system'} on {timezone.localtime(entry.when):%Y-%m-%d %H:%M}"
                + (f": {entry.reason}" if entry.reason else "")
            ),
        )
        for entry in entries
    )
    return [
        AttentionList(
            kind=RECENT_CHANGES,
            title="Recent changes by others",
            items=items,
            total=counted.number,
            more_url=f"{reverse('ledger:audit_log')}?{urlencode(_log_query(since, agreement))}",
            note=f"Since {since:%Y-%m-%d}" + ("" if counted.exact else f"; more than {counted.number:,}") + ".",
        )
    ]
