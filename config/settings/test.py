"""Tests: dev settings with fast password hashing; the database follows DATABASE_URL."""

from .dev import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
if "NAME" in DATABASES["default"] and DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # A throwaway file per run; pytest-django creates and destroys the test database itself.
    DATABASES["default"]["TEST"] = {"NAME": BASE_DIR / "var" / "test.sqlite3"}  # noqa: F405
