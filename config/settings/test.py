"""Tests: dev settings with fast password hashing; the database follows DATABASE_URL."""

import os
import tempfile
from datetime import timedelta
from pathlib import Path

from .dev import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
if "NAME" in DATABASES["default"] and DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # A throwaway file per run; pytest-django creates and destroys the test database itself.
    # A file, not memory: threaded tests (concurrent writers, the live server) share it.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.environ.get("TEST_SQLITE_PATH", str(BASE_DIR / "var" / "test.sqlite3"))  # noqa: F405
    }

# The suite makes thousands of API requests as a few users within seconds; rate limits are off
# here and switched on, with small rates, by the tests of throttling (tests/core/test_api_limits.py).
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"user": None, "anon": None}}  # noqa: F405

# Sessions are renewed once a minute in production (base.py). Tests that compare the queries of two
# requests with a portfolio generated between them, which can take more than a minute on a slow
# machine, would count the renewal's write as the page's. The renewal tests set the product's interval
# (tests/core/test_request_overhead.py).
SESSION_REFRESH_INTERVAL = timedelta(days=1)

# Uploaded documents go to a throwaway folder, never under var/.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="ledgerline-test-media-"))
