"""Settings shared by every environment.

Environment-specific modules (`dev`, `production`) import from here and override only what
differs. The database comes from `DATABASE_URL` when set (PostgreSQL in CI and production),
otherwise an SQLite file under `var/` tuned for several concurrent writers.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS: list[str] = []

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "django_tables2",
    "django_filters",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "csp",
    "import_export",
    "core",
    "contracts",
    "pricing",
    "releases",
    "ledger",
    "drafts",
    "purchases",
    "obligations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.middleware.SessionAbsoluteLimitMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns lockouts into a response.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Counts failed logins and refuses locked-out (username, IP) pairs before checking passwords.
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend reading a user's permissions in one statement (every request checks them).
    "core.permissions.RoleBackend",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.roles",
            ],
        },
    },
]

SQLITE_PATH = Path(os.environ.get("SQLITE_PATH", BASE_DIR / "var" / "ledgerline.sqlite3"))
SQLITE_DATABASE: dj_database_url.DBConfig = {
    "ENGINE": "django.db.backends.sqlite3",
    "NAME": str(SQLITE_PATH),
    "OPTIONS": {
        # WAL lets readers proceed while one writer commits; IMMEDIATE takes the write lock at
        # BEGIN so two writers queue on the busy timeout instead of failing with "locked".
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    },
    # Kept open between requests, as on PostgreSQL: opening one costs its PRAGMAs, and closing the
    # last connection to a WAL database checkpoints it, on every request.
    "CONN_MAX_AGE": 60,
    "CONN_HEALTH_CHECKS": True,
}

if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60, conn_health_checks=True)}
else:
    DATABASES = {"default": SQLITE_DATABASE}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "Y-m-d"
SHORT_DATE_FORMAT = "Y-m-d"

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]

# Signed documents and exhibits (`contracts.documents`), stored through Django's storage API: the
# filesystem under MEDIA_ROOT by default; several app servers share one bucket through django-storages
# (README, "Deploying on several machines"). Never served by the web server: downloads go through a
# view that checks the reader's role and sends them as attachments.
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "var" / "media"))
DOCUMENT_MAX_BYTES = int(os.environ.get("LEDGERLINE_DOCUMENT_MAX_BYTES", 20 * 1024 * 1024))

# A session ends after 30 minutes without a request and, whatever the activity, 10 hours after login
# (core.middleware.SessionAbsoluteLimitMiddleware). Requests renew the idle expiry, but at most once a
# minute: renewing is a database write, and most requests would otherwise write nothing. So a session
# idle for 29 to 30 minutes ends, never one idle for longer.
# Django's database sessions, read with one fixed statement (core/sessions.py).
SESSION_ENGINE = "core.sessions"
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_INTERVAL = timedelta(minutes=1)
SESSION_ABSOLUTE_LIMIT = timedelta(hours=10)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Behind N load balancers/proxies (production: DJANGO_TRUSTED_PROXY_COUNT), the client's address is
# the N-th entry from the right of X-Forwarded-For; entries further left are the client's own say
# and are ignored (core.client_ip). Login throttling and API throttling both use it.
TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "0"))

# Login throttling (core.login_throttling): 5 failures lock that username *from that client address*
# for 15 minutes, so nobody can lock a user out by guessing at their username from elsewhere; and
# 30 failures from anywhere within 15 minutes (at least 6 addresses, as failures while locked are not
# counted) lock the username everywhere until they age out, which bounds distributed guessing.
AXES_FAILURE_LIMIT = 5
LOGIN_FAILURE_LIMIT_PER_USERNAME = 30
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_HANDLER = "core.login_throttling.PairAndUsernameHandler"
AXES_CLIENT_IP_CALLABLE = "core.client_ip.client_ip"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

# Request bodies: at most 1 MiB, for pages (Django) and the API (core.api.parsers, which also limits
# JSON nesting to 32 levels); larger is a 400 (pages) or 413 (API) before any parsing. The largest
# real request, an admin form with every inline of the seed agreement, is far below. A proxy in
# front should refuse larger bodies too (nginx: client_max_body_size 1m).
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000

# Process-local: API rate-limit counts (core.api.throttling) are kept per worker process, so with W
# workers on S servers a client gets at most W x S times the rate. Point this at a shared cache
# (Redis, or django's DatabaseCache after `manage.py createcachetable`) for one exact count.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # API answers kept by data version (core.answers). Per worker by default: a few hundred answers of
    # at most 128 kB each; a shared cache here shares them between workers and servers.
    "answers": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "ledgerline-answers",
        "TIMEOUT": 600,
        "OPTIONS": {"MAX_ENTRIES": 400},
    },
}
# The cache alias `core.answers` keeps API answers in; empty (LEDGERLINE_ANSWER_CACHE=off) keeps none.
# With a shared answers cache, name the deployed code (e.g. its commit) so servers running it share answers.
LEDGERLINE_RELEASE = os.environ.get("LEDGERLINE_RELEASE", "")
LEDGERLINE_ANSWER_CACHE = "" if os.environ.get("LEDGERLINE_ANSWER_CACHE", "").lower() in ("off", "0") else "answers"

# No page needs inline script or style; everything is served from this origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

DJANGO_TABLES2_TEMPLATE = "django_tables2/table.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "table"}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        # Tokens hashed at rest, with an expiry, revocable by their owner on their tokens page (core.tokens).
        "knox.auth.TokenAuthentication",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "core.api.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "core.api.parsers.BoundedMultiPartParser",
    ],
    # Per user (all their sessions and tokens) and per anonymous client address; past the rate, 429
    # with Retry-After. A busy buyer's script makes a few requests a second; a page makes one.
    "DEFAULT_THROTTLE_CLASSES": ["core.api.throttling.UserRateThrottle", "core.api.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": "300/minute", "anon": "60/minute"},
    "DEFAULT_PERMISSION_CLASSES": ["core.permissions.ModelRolePermission"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.BoundedLimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "EXCEPTION_HANDLER": "core.api.errors.exception_handler",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Ledgerline API",
    "DESCRIPTION": "Agreements, amendments, customer entities, discounts and release schedules.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Three different "condition" choice sets: a discount line's, a purchase's and a quote line's (which
    # keeps the plain name).
    "ENUM_NAME_OVERRIDES": {
        "DiscountLineConditionEnum": "pricing.choices.Condition",
        "PurchaseConditionEnum": "purchases.conditions.PurchaseCondition",
    },
}

# Knox's own login view is not used (tokens come from core.tokens, which sets each expiry); this is
# the lifetime of a token created without one.
REST_KNOX = {"TOKEN_TTL": timedelta(days=30), "AUTO_REFRESH": False}

SIMPLE_HISTORY_REVERT_DISABLED = True
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "ledgerline": {"handlers": ["console"], "level": "INFO"},
        "django.security": {"handlers": ["console"], "level": "WARNING"},
    },
}

# E-mail (reminders, `manage.py send_reminders`): SMTP, configured from the environment. Development
# prints e-mails to the console instead (dev settings); tests use Django's in-memory outbox.
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "0") == "1"
EMAIL_TIMEOUT = 30  # seconds: a stuck SMTP server fails the run (retried next time) instead of hanging it
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Ledgerline <ledgerline@localhost>")
# Links in e-mails are absolute: the address users reach the site at.
LEDGERLINE_BASE_URL = os.environ.get("LEDGERLINE_BASE_URL", "http://127.0.0.1:8000")
