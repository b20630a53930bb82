"""API rate limits: per user (`user` rate) and per anonymous client address (`anon` rate).

DRF's own classes, with two changes:
- the client address is `core.client_ip` (the one behind the configured proxies), the same one login
  throttling uses, not DRF's `NUM_PROXIES` reading of the header;
- the rate is read from the settings on every request, not once at import, so the settings are
  the one place to change it (DRF binds `DEFAULT_THROTTLE_RATES` to the class when it is defined).

A rate of None switches that limit off. Counts live in the default cache (see `CACHES`).

DRF checks throttles after authentication and permissions, so a refused request (no login, a bad
token, a role without the permission) would never be counted and could be repeated without limit;
`core.api.errors.exception_handler` counts those against the same rates (`throttle_refused`).
"""

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from rest_framework import throttling
from rest_framework.exceptions import Throttled
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from core.client_ip import client_ip


class _ClientAddressAndLiveRate:
    scope: str | None

    def get_rate(self) -> str | None:
        rates = api_settings.DEFAULT_THROTTLE_RATES
        if self.scope not in rates:  # a forgotten rate must not mean "no limit"
            raise ImproperlyConfigured(f"REST_FRAMEWORK['DEFAULT_THROTTLE_RATES'] has no {self.scope!r} rate")
        rate = rates[self.scope]  # "300/minute", or None for no limit (the stubs say a number)
        return None if rate is None else str(rate)

    def get_ident(self, request: Request) -> str:
        return client_ip(request._request) or ""


class UserRateThrottle(_ClientAddressAndLiveRate, throttling.UserRateThrottle):
    """Requests per authenticated user (any number of their sessions and tokens together)."""


class AnonRateThrottle(_ClientAddressAndLiveRate, throttling.AnonRateThrottle):
    """Requests per client address without a login."""


def throttle_refused(request: Request, view: Any) -> Throttled | None:
    """Count a request refused before DRF's throttles ran against its user's or address's rate.

    Throttled when that rate is used up. A request refused after the throttles ran (an object
    permission) counts twice; such refusals are rare and the rates are far above normal use.
    """
    throttle: SimpleRateThrottle = UserRateThrottle() if request.user.is_authenticated else AnonRateThrottle()
    if throttle.allow_request(request, view):
        return None
    return Throttled(wait=throttle.wait())
