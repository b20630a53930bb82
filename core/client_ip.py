"""The client's address, as seen through the configured number of proxies (`TRUSTED_PROXY_COUNT`).

Each proxy in front of the app appends the address it received the request from to
`X-Forwarded-For`; whatever the client itself sent stays to the left. Behind N proxies the
last N entries were written by them, and the N-th from the right is the address the outermost
proxy saw: the client. Everything further left is the client's own say and is ignored, so a
client cannot pick its address by sending the header. (Taking the left-most entry, as
django-ipware does by default, would let anyone choose the address they are throttled under.)

With no proxy configured the header is ignored entirely and `REMOTE_ADDR` is the client. When
the header holds fewer entries than proxies, the request did not pass through all of them
(or a proxy does not append); its left-most entry is the best remaining guess, as in DRF.

One function for every consumer: login throttling (django-axes, `AXES_CLIENT_IP_CALLABLE`) and
API throttling (`core.api.throttling`).
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _address(entry: str) -> str | None:
    """A canonical IP address from one header entry, or None; a port some proxies add is dropped."""
    entry = entry.strip()
    if entry.startswith("[") and "]" in entry:  # "[2001:db8::1]:443"
        entry = entry[1 : entry.index("]")]
    elif entry.count(":") == 1:  # "198.51.100.7:443"
        entry = entry.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(entry))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The address of the client behind `settings.TRUSTED_PROXY_COUNT` proxies."""
    remote = request.META.get("REMOTE_ADDR")
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies <= 0 or not forwarded.strip():
        return remote
    entries = forwarded.split(",")
    return _address(entries[-min(proxies, len(entries))]) or remote
