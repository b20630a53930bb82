import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponseBase
from rest_framework.views import APIView


class LoginRequiredMiddleware(DjangoLoginRequiredMiddleware):
    """Every page needs a login; API views authenticate themselves.

    An anonymous API client must get 401/403 from DRF (session or token auth), not an HTML
    redirect to the login page, so DRF views are left to DRF's own permission classes.
    """

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponseBase],
        view_args: tuple[Any, ...],
        view_kwargs: dict[Any, Any],
    ) -> HttpResponseBase | None:
        view_class = getattr(view_func, "cls", None)
        if view_class is not None and issubclass(view_class, APIView):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class SessionAbsoluteLimitMiddleware:
    """Sessions end after `SESSION_COOKIE_AGE` idle and `SESSION_ABSOLUTE_LIMIT` after login.

    The idle expiry is renewed by saving the session (the database row's expiry and the cookie's
    max-age are both set to `SESSION_COOKIE_AGE` from the save), but at most once every
    `SESSION_REFRESH_INTERVAL`, not on every request: a save is a database write and commit, which on
    SQLite also takes the one write lock every worker shares. The price is that a session may end up
    to that interval before `SESSION_COOKIE_AGE` of idleness (30 minutes idle ends it between 29 and
    30 minutes after the last request), never later. The absolute limit is counted from login
    (`stamp_session_at_login`; a session from before that stamp is counted from its next request).
    """

    KEY = "ledgerline_session_started"
    REFRESHED = "ledgerline_session_refreshed"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        now = time.time()
        session = request.session
        started = session.setdefault(self.KEY, now)  # a session not stamped at login: from now
        if now - started > settings.SESSION_ABSOLUTE_LIMIT.total_seconds():
            logout(request)
            return redirect_to_login(request.get_full_path())
        if now - session.get(self.REFRESHED, 0) >= settings.SESSION_REFRESH_INTERVAL.total_seconds():
            # Modified, so SessionMiddleware saves it on the way out: a new idle expiry, a new cookie.
            session[self.REFRESHED] = now
        return self.get_response(request)


def stamp_session_at_login(sender: object, request: HttpRequest, user: object, **kwargs: object) -> None:
    """`user_logged_in`: the session starts now and was renewed now (login saves it anyway), so neither
    the absolute limit nor the next minute's requests need a write of their own."""
    now = time.time()
    request.session[SessionAbsoluteLimitMiddleware.KEY] = now
    request.session[SessionAbsoluteLimitMiddleware.REFRESHED] = now
