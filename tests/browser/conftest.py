"""Playwright in Debian's Chromium against Django's live server.

The browser tests must run in CI: a missing Chromium is a failure, not a skip.
"""

import functools
import os
import shutil
from pathlib import Path

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


# axe-core, downloaded by `make test` (the Makefile's AXE_JS target, which exports the path it used).
_VAR = Path(__file__).resolve().parents[2] / "var"
# WCAG 2.0, 2.1 and 2.2, levels A and AA: the rules issue 13 holds every page to.
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = ("serious", "critical")


def _axe_path() -> Path | None:
    if os.environ.get("AXE_JS"):
        return Path(os.environ["AXE_JS"])
    found = sorted((_VAR / "axe").glob("axe-core-*.min.js"))
    return found[-1] if found else None


@pytest.fixture(scope="session")
def axe_script() -> Path:
    path = _axe_path()
    if path is None or not path.exists():
        pytest.fail(f"axe-core not found ({path or _VAR / 'axe'}): run  make axe  (make test does it first)")
    return path


def describe_violations(violations) -> str:
    """One line per violation and up to three of its elements, for an assertion message."""
    lines = []
    for v in violations:
        lines.append(f"{v['impact']} {v['id']}: {v['help']} ({len(v['nodes'])} elements)")
        for node in v["nodes"][:3]:
            lines.append(f"    {' '.join(node['target'])}: {node['failureSummary'].splitlines()[-1].strip()}")
    return "\n".join(lines)


@functools.cache
def axe_source(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.fixture
def axe(axe_script):
    """`axe(page)`: the serious and critical WCAG 2.2 AA violations on the page as it is now."""

    def check(page, *, impacts=BLOCKING):
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            # Not page.add_script_tag: the app's Content-Security-Policy refuses inline scripts (as it
            # should); evaluating through the DevTools protocol is outside its reach.
            page.evaluate(axe_source(axe_script))
        options = {"runOnly": {"type": "tag", "values": WCAG_AA}, "resultTypes": ["violations"]}
        result = page.evaluate("async (options) => await axe.run(document, options)", options)
        return [v for v in result["violations"] if v["impact"] in impacts]

    return check


def _first(model):
    return model.objects.order_by("pk").first().get_absolute_url()


def main_pages():
    """The main pages by name, each a function of the seed agreement giving its path."""
    from contracts.models import LegalEntity
    from pricing.models import PriceComparison, Product
    from releases.models import ProductLine, Release

    return {
        "home": lambda seed: "/",
        "agreements": lambda seed: "/contracts/",
        "agreement": lambda seed: seed.get_absolute_url(),
        "amendment": lambda seed: seed.amendments.order_by("number").last().get_absolute_url(),
        "compare": lambda seed: f"/contracts/{seed.pk}/compare/",
        "entities": lambda seed: "/contracts/entities/",
        "entity lookup": lambda seed: "/contracts/entities/lookup/?name=KMC+III&on=2000-03-01",
        "entity": lambda seed: _first(LegalEntity),
        "discounts": lambda seed: "/pricing/discounts/?agreement=LNM970313MP",
        "product": lambda seed: _first(Product),
        "price comparison": lambda seed: _first(PriceComparison),
        "quote": lambda seed: "/pricing/quote/",
        "release board": lambda seed: "/releases/?agreement=LNM970313MP",
        "release": lambda seed: _first(Release),
        "timeline": lambda seed: "/releases/timeline/",
        "product line timeline": lambda seed: _first(ProductLine),
        "api tokens": lambda seed: "/history/tokens/",
    }


# Violations axe finds in files other helpers own this round, by main page: the owner and the fault.
# test_accessibility marks them xfail(strict=True) and test_layout skips its phone-width axe check on
# them, so deleting an entry once the owner's fix is merged turns both checks back on.
# Pages with a violation this app cannot fix yet (name -> reason); each is a strict xfail.
KNOWN_VIOLATIONS: dict[str, str] = {}


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    """Screenshots kept as artifacts of the run (var/ is git-ignored)."""
    folder = _VAR / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# The fifth amendment's records and a temporary MEDIA_ROOT, shared with tests/drafts.
from tests.drafts.conftest import fifth, media  # noqa: E402, F401
