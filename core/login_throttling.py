"""Login throttling that nobody can turn into a lock-out of someone else.

django-axes counts failed logins per (username, client address) pair: `AXES_FAILURE_LIMIT`
failures lock that pair for `AXES_COOLOFF_TIME`. A guesser therefore locks only their own
address; the real user, from theirs, still logs in. The client address is the one behind the
configured proxies (`core.client_ip`), so behind a load balancer the pairs are real clients, not
the balancer.

Per pair alone, a guesser with many addresses would get `AXES_FAILURE_LIMIT` guesses per
address. So there is a second, slower limit per username whatever the address:
`LOGIN_FAILURE_LIMIT_PER_USERNAME` failures within the cool-off locks the username everywhere
until they age out. Failures while locked are not counted (`AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT
= False`), so each address contributes at most `AXES_FAILURE_LIMIT` failures per cool-off, and
reaching the username-wide limit takes that many distinct addresses at once (30 / 5 = 6 by default).
That is the price of bounding distributed guessing, and it is documented in the README.
"""

from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


class PairAndUsernameHandler(AxesDatabaseHandler):  # type: ignore[misc]  # django-axes ships no type information
    """axes' database handler, with the username-wide limit on top of the per-pair one."""

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        # axes compares this number with AXES_FAILURE_LIMIT, once before a login and once after a
        # failure; a username over its own limit reads as a pair at the limit, i.e. locked.
        pair_failures: int = super().get_failures(request, credentials)
        username = get_client_username(request, credentials)
        if username is None:
            return pair_failures
        recent = AccessAttempt.objects.filter(username=username, attempt_time__gte=get_cool_off_threshold(request))
        username_failures = recent.aggregate(total=Sum("failures_since_start"))["total"] or 0
        if username_failures >= settings.LOGIN_FAILURE_LIMIT_PER_USERNAME:
            limit: int = get_failure_limit(request, credentials)
            return max(pair_failures, limit)
        return pair_failures
