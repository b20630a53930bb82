"""Local development: DEBUG on, a fixed dev-only key, loopback hosts."""

import os

from .base import *  # noqa: F403
from .base import MIDDLEWARE as base_middleware

DEBUG = True
SECRET_KEY = "dev-only-insecure-key-never-used-in-production"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405  (whitenoise warns when it is missing)
# Reminders (send_reminders) are printed, not sent, under `make run`; tests use Django's locmem outbox.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# A 404 shows the app's own page, as in production, not Django's URL-debugging page (which users of
# `make run` took for a crash); a 500 still shows the traceback. LEDGERLINE_DEBUG_404=1 turns it off.
if os.environ.get("LEDGERLINE_DEBUG_404") != "1":
    # Inside the auth middleware (the page shows the user's navigation) and before django-axes, which
    # asks to be last; outside it CommonMiddleware still turns "/contracts" into "/contracts/".
    _last = base_middleware.index("axes.middleware.AxesMiddleware")
    MIDDLEWARE = [*base_middleware[:_last], "core.error_pages.AppNotFoundPageMiddleware", *base_middleware[_last:]]
