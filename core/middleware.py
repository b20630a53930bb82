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
    """End a session a fixed time after login, however active it has been.

    Inactivity expiry is Django's own (`SESSION_COOKIE_AGE` renewed on every request); this adds
    the absolute limit `SESSION_ABSOLUTE_LIMIT`, counted from the first request of the session.
    """

    KEY = "ledgerline_session_started"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            started = request.session.setdefault(self.KEY, now)
            if now - started > settings.SESSION_ABSOLUTE_LIMIT.total_seconds():
                logout(request)
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)
