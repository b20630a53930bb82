"""Login throttling behind a load balancer: the client is the address behind the trusted proxies.

Five wrong passwords lock that username from that client; the real user, from another client,
still logs in; a guesser cannot escape by writing X-Forwarded-For, and one with many addresses
meets the slower username-wide limit.
"""

import json

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from core.client_ip import client_ip
from tests.core.test_settings import run_manage

pytestmark = pytest.mark.django_db

BALANCER = "10.0.0.2"  # REMOTE_ADDR of every request: the load balancer
ATTACKER, USER = "198.51.100.66", "203.0.113.10"


@pytest.fixture(autouse=True)
def behind_one_balancer(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def login(username, password, forwarded_for, client=None):
    """A login as the balancer forwards it: the client's header, then the client's address appended."""
    return (client or Client()).post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=BALANCER,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def fail(user, times, forwarded_for):
    for _ in range(times):
        login(user.username, "wrong", forwarded_for)


def password(user):
    return "pw-" + user.username


def test_five_failures_lock_that_user_from_that_client(admin_user):
    fail(admin_user, 4, ATTACKER)
    assert login(admin_user.username, password(admin_user), ATTACKER).status_code == 302
    fail(admin_user, 5, ATTACKER)
    locked = login(admin_user.username, password(admin_user), ATTACKER)
    assert locked.status_code == 429
    assert b"Too many failed logins" in locked.content
    assert set(AccessAttempt.objects.values_list("username", "ip_address")) == {(admin_user.username, ATTACKER)}


def test_the_user_from_another_client_still_logs_in(admin_user):
    fail(admin_user, 5, ATTACKER)
    response = login(admin_user.username, password(admin_user), USER)
    assert response.status_code == 302 and response.url == reverse("home")


def test_spoofed_left_entries_are_ignored(admin_user):
    # The attacker writes whatever it likes into the header; the balancer appends the real address.
    for n in range(5):
        login(admin_user.username, "wrong", f"192.0.2.{n}, {USER}, {ATTACKER}")
    assert login(admin_user.username, password(admin_user), f"{USER}, {ATTACKER}").status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}
    assert login(admin_user.username, password(admin_user), USER).status_code == 302


def test_failures_while_locked_do_not_count_towards_the_username_limit(admin_user, settings):
    fail(admin_user, settings.LOGIN_FAILURE_LIMIT_PER_USERNAME * 2, ATTACKER)
    assert sum(AccessAttempt.objects.values_list("failures_since_start", flat=True)) == settings.AXES_FAILURE_LIMIT
    assert login(admin_user.username, password(admin_user), USER).status_code == 302


@pytest.mark.parametrize(("addresses", "locked_everywhere"), [(5, False), (6, True)])
def test_many_clients_meet_the_username_wide_limit(admin_user, settings, addresses, locked_everywhere):
    assert settings.LOGIN_FAILURE_LIMIT_PER_USERNAME == 6 * settings.AXES_FAILURE_LIMIT
    for n in range(addresses):
        fail(admin_user, settings.AXES_FAILURE_LIMIT + 2, f"198.51.100.{n + 1}")
    response = login(admin_user.username, password(admin_user), USER)
    assert response.status_code == (429 if locked_everywhere else 302)


def test_the_username_wide_limit_is_per_username(admin_user, buyer_user):
    for n in range(6):
        fail(admin_user, 5, f"198.51.100.{n + 1}")
    assert login(buyer_user.username, password(buyer_user), USER).status_code == 302


def test_without_a_trusted_proxy_the_header_is_ignored(admin_user, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for n in range(5):
        login(admin_user.username, "wrong", f"192.0.2.{n}")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {BALANCER}


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "expected"),
    [
        (0, "192.0.2.1", BALANCER),  # no proxy configured: the header is the client's own say
        (1, "", BALANCER),  # came straight to the app
        (1, "192.0.2.1", "192.0.2.1"),
        (1, "192.0.2.1, 192.0.2.2", "192.0.2.2"),  # the left entry was sent by the client
        (1, " 192.0.2.1 ,192.0.2.2 ", "192.0.2.2"),
        (2, "192.0.2.9, 192.0.2.1, 10.0.0.1", "192.0.2.1"),  # two proxies: the second appended the first
        (2, "192.0.2.1", "192.0.2.1"),  # fewer entries than proxies: the left-most
        (1, "192.0.2.1:5123", "192.0.2.1"),  # a port some balancers add
        (1, "[2001:db8::1]:443", "2001:db8::1"),
        (1, "2001:DB8:0::1", "2001:db8::1"),
        (1, "unknown", BALANCER),  # not an address: the peer, never a made-up key
    ],
)
def test_client_ip(rf, settings, proxies, forwarded_for, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = rf.get("/", REMOTE_ADDR=BALANCER, HTTP_X_FORWARDED_FOR=forwarded_for)
    assert client_ip(request) == expected


_PRODUCTION_SCENARIO = """
import json
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client, override_settings

call_command("migrate", verbosity=0)
get_user_model().objects.create_user("admin", password="correct-horse-9-battery")

def login(password, forwarded_for):
    return Client().post(
        "/accounts/login/", {"username": "admin", "password": password},
        REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded_for, HTTP_X_FORWARDED_PROTO="https",
    ).status_code

# Pages render with the plain static storage: this scenario has no collected manifest.
with override_settings(STORAGES={"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}):
    failures = [login("wrong", "198.51.100.66") for _ in range(5)]
    print(json.dumps({
        "failures": failures,
        "attacker": login("correct-horse-9-battery", "198.51.100.66"),
        "user": login("correct-horse-9-battery", "203.0.113.10"),
        # The attacker claims the user's address; the balancer appends the attacker's own.
        "attacker_claiming_user": login("correct-horse-9-battery", "203.0.113.10, 198.51.100.66"),
        "locks": sorted(f"{a.username}|{a.ip_address}" for a in AccessAttempt.objects.all()),
    }))
"""


def test_under_production_settings_behind_one_balancer(tmp_path):
    """The finding as reported: production settings, DJANGO_TRUSTED_PROXY_COUNT=1, a fresh database."""
    result = run_manage(
        "shell",
        "-c",
        _PRODUCTION_SCENARIO,
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY="z" * 20 + "-not-a-real-secret-but-long-enough-for-the-check-0123456789",
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_TRUSTED_PROXY_COUNT="1",
        SQLITE_PATH=str(tmp_path / "production.sqlite3"),
        DATABASE_URL="",  # a throwaway SQLite file, whatever database the suite runs on
    )
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["failures"] == [200, 200, 200, 200, 429]
    assert outcome["attacker"] == 429
    assert outcome["user"] == 302
    assert outcome["attacker_claiming_user"] == 429
    assert outcome["locks"] == ["admin|198.51.100.66"]
