"""The app's own "Not found" page in development too (config/settings/dev.py).

With DEBUG on, Django answers a 404 with its technical page (the URL patterns tried), which users
of `make run` took for a crash. This middleware, installed only by the development settings, gives
them the page production shows. DEBUG stays on for everything else: a 500 still shows the
traceback, which is what a developer running the app needs. Set `LEDGERLINE_DEBUG_404=1` to get
Django's URL-debugging page back.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponseBase
from django.urls import Resolver404, get_resolver
from django.views.defaults import page_not_found


class AppNotFoundPageMiddleware:
    """Under DEBUG, render templates/404.html for an unknown address or a view's Http404.

    Place it after CommonMiddleware, so "/contracts" still redirects to "/contracts/" first.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if settings.DEBUG:
            # An unknown address fails in URL resolution, before any view or process_exception.
            try:
                get_resolver(getattr(request, "urlconf", None)).resolve(request.path_info)
            except Resolver404 as missing:
                return page_not_found(request, missing)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponseBase | None:
        if settings.DEBUG and isinstance(exception, Http404):
            return page_not_found(request, exception)
        return None
