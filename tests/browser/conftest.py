"""Playwright in Debian's Chromium against Django's live server.

The browser tests must run in CI: a missing Chromium is a failure, not a skip.
"""

import os
import shutil

import pytest

# The Makefile exports CHROMIUM_PATH (and scripts/check-test-deps installs Chromium there, as root).
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")

# The live server runs in a thread while Playwright's sync API runs an event loop in this one.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: run  sudo apt-get install -y chromium  (Debian), "
            "or `make test` as root, which installs it"
        )
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": ["--no-sandbox"]}


@pytest.fixture
def login(page, live_server):
    """`login(user)` signs in through the real login form and returns the page."""

    def sign_in(user):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill("pw-" + user.username)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"{live_server.url}/")
        return page

    return sign_in


# The fifth amendment's records and a temporary MEDIA_ROOT, shared with tests/drafts.
from tests.drafts.conftest import fifth, media  # noqa: E402, F401
