"""Production: everything secret or host-specific comes from the environment.

Required: DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS (comma separated), DATABASE_URL.
Optional: DJANGO_CSRF_TRUSTED_ORIGINS, DJANGO_SECURE_SSL_REDIRECT (default on),
DJANGO_TRUSTED_PROXY_COUNT (default 0: no proxy; 1 behind one load balancer).
"""

import os
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set to a random value of 50+ characters")

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

SECURE_SSL_REDIRECT = os.environ.get("DJANGO_SECURE_SSL_REDIRECT", "1") == "1"
# TLS ends at the load balancer, which sets this header.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# Documents (contracts.documents): the filesystem under DJANGO_MEDIA_ROOT on one machine; with several
# app servers, an S3-compatible bucket they all reach (django-storages, requirements-s3.txt). Never
# served by URL: the download view reads them and sends attachments.
_STATICFILES = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
STORAGES: dict[str, dict[str, Any]]
DOCUMENT_STORAGE = os.environ.get("DJANGO_STORAGE", "filesystem")
if DOCUMENT_STORAGE == "filesystem":
    STORAGES = {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}, "staticfiles": _STATICFILES}
elif DOCUMENT_STORAGE == "s3":
    if not os.environ.get("LEDGERLINE_S3_BUCKET"):
        raise ImproperlyConfigured("DJANGO_STORAGE=s3 needs LEDGERLINE_S3_BUCKET")
    STORAGES = {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": os.environ["LEDGERLINE_S3_BUCKET"],
                "endpoint_url": os.environ.get("LEDGERLINE_S3_ENDPOINT_URL") or None,
                "region_name": os.environ.get("LEDGERLINE_S3_REGION") or None,
                # Unset: boto3's own chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, instance role).
                "access_key": os.environ.get("LEDGERLINE_S3_ACCESS_KEY_ID") or None,
                "secret_key": os.environ.get("LEDGERLINE_S3_SECRET_ACCESS_KEY") or None,
                "location": os.environ.get("LEDGERLINE_S3_PREFIX", "ledgerline"),
                "default_acl": "private",
                "file_overwrite": False,
                "querystring_auth": True,
            },
        },
        "staticfiles": _STATICFILES,
    }
else:
    raise ImproperlyConfigured("DJANGO_STORAGE must be 'filesystem' or 's3'")

# DJANGO_TRUSTED_PROXY_COUNT (read in base): the number of load balancers/proxies in front that append
# to X-Forwarded-For. Left at 0 behind a balancer, every user would appear to come from the balancer
# and a login lock-out would hit everyone; set too high, clients could choose their own address.
if TRUSTED_PROXY_COUNT < 0:  # noqa: F405
    raise ImproperlyConfigured("DJANGO_TRUSTED_PROXY_COUNT must be 0 or more")

# E-mail (reminders): SMTP from EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS
# and DEFAULT_FROM_EMAIL (read in base); links in e-mails start with LEDGERLINE_BASE_URL, the site's
# public address (e.g. https://ledgerline.example.com).
SERVER_EMAIL = DEFAULT_FROM_EMAIL  # noqa: F405
