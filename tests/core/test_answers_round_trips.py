"""A kept answer asked through a session costs two statements: the session with the data version, and the
user with their permissions (`core.sessions`, `RoleBackend.get_user`, `core.answers`).

Each shortcut keeps its meaning: a change to audited data, a permission granted or taken, a deactivated
user, a changed password, an expired or tampered session take effect on the next request; answers are
kept per permission set. Kept answers need requests outside a transaction, so these tests run on a
transactional database, and through sessions (`client_as`), as browsers and scripts ask.
"""

import threading
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.sessions.models import Session
from django.db import connection, connections, transaction
from django.http import HttpRequest
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.request import Request

from contracts.models import TermVersion
from core import answers
from core.chain import data_version
from core.editing import set_change_reason
from core.permissions import RoleBackend
from core.roles import AUDITORS
from core.sessions import SessionStore
from tests.conftest import make_user

pytestmark = pytest.mark.django_db(transaction=True)

AS_OF = "/api/v1/agreements/LNM970313MP/as-of/?on=1999-11-15"
RECORDED = AS_OF + "&recorded_at=2099-01-01T00:00:00Z"  # needs core.view_history: auditors, not buyers
NEW_EXPIRY = "2004-03-05"
KEPT_GETS = [
    AS_OF,
    "/api/v1/discounts/?agreement=LNM970313MP&q=5ESS",
    "/api/v1/entities/lookup/?name=KMC+III+LLC&on=2000-03-01",
    "/api/v1/releases/?agreement=LNM970313MP&on=2000-06-01",
]
QUOTE = {
    "entity": "kmc-telecom-iii",
    "agreement": "LNM970313MP",
    "on": "2000-03-01",
    "lines": [{"product": "DDM PLUS", "list_price": "100.00"}],
}
JSON = {"HTTP_ACCEPT": "application/json"}


def _status(response) -> str:
    return response.headers.get("Cache-Status", "")


def _get(client, url):
    return client.get(url, **JSON)


def _counted(ask):
    with CaptureQueriesContext(connection) as captured:
        response = ask()
    return response, [query["sql"] for query in captured.captured_queries]


def _change_expiry(expiry: str) -> None:
    with transaction.atomic():
        term = TermVersion.objects.select_for_update().get()
        term.expiry_date = expiry
        set_change_reason(term, "round trips: a change")
        term.save()


# --- two statements ------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", KEPT_GETS, ids=["as-of", "discounts", "entity-lookup", "release-board"])
def test_a_kept_answer_costs_the_session_and_the_user_only(seed, client_as, url):
    client = client_as("buyer")
    first = _get(client, url)  # computed, kept; the session is stamped
    assert first.status_code == 200 and _status(first) == "ledgerline; fwd=miss; stored"
    again, statements = _counted(lambda: _get(client, url))
    assert _status(again) == "ledgerline; hit" and again.content == first.content
    assert len(statements) == 2, statements
    session, user = statements
    assert "django_session" in session and "core_historylink" in session and "django_migrations" in session
    assert "auth_user" in user and "auth_permission" in user and "auth_user_groups" in user


def test_a_kept_quote_costs_the_session_and_the_user_only(seed, client_as):
    client = client_as("buyer")

    def ask():
        return client.post("/api/v1/quotes/", QUOTE, content_type="application/json", **JSON)

    assert _status(ask()) == "ledgerline; fwd=miss; stored"
    again, statements = _counted(ask)
    assert _status(again) == "ledgerline; hit"
    assert len(statements) == 2, statements


def test_permission_checks_use_the_permissions_read_with_the_user(seed, buyer_user):
    user = RoleBackend().get_user(buyer_user.pk)
    with CaptureQueriesContext(connection) as captured:
        assert user.has_perm("contracts.view_agreement")
        assert not user.has_perm("core.view_history")
        granted = user.get_all_permissions()
    assert captured.captured_queries == []
    assert granted == RoleBackend().get_all_permissions(type(buyer_user).objects.get(pk=buyer_user.pk))


def test_a_user_with_no_permissions_reads_an_empty_set(db, django_user_model):
    nobody = django_user_model.objects.create_user(username="nobody", password="pw-nobody")
    user = RoleBackend().get_user(nobody.pk)
    assert user._perm_cache == set()
    assert not user.has_perm("contracts.view_agreement")


def test_a_superusers_permissions_are_all_of_them(db, django_user_model):
    boss = django_user_model.objects.create_superuser("boss", password="pw-boss")
    user = RoleBackend().get_user(boss.pk)
    assert user.get_all_permissions() == {
        f"{app_label}.{codename}"
        for app_label, codename in Permission.objects.values_list("content_type__app_label", "codename")
    }


# --- the data version read with the session -----------------------------------------------------------------


def test_a_change_is_answered_at_the_next_request_through_a_session(seed, client_as):
    client = client_as("buyer")
    before = _get(client, AS_OF)
    assert _status(_get(client, AS_OF)) == "ledgerline; hit"
    _change_expiry(NEW_EXPIRY)
    after = _get(client, AS_OF)
    assert _status(after) == "ledgerline; fwd=miss; stored"
    assert NEW_EXPIRY in after.content.decode() and NEW_EXPIRY not in before.content.decode()


def _request_with(session) -> Request:
    request = HttpRequest()
    request.session = session
    return Request(request)


def test_the_version_read_with_the_session_is_the_data_version_of_that_moment(seed, client_as):
    client = client_as("buyer")
    client.get(AS_OF, **JSON)
    session = SessionStore(client.session.session_key)
    session.load()
    request = _request_with(session)
    assert answers._data_version(request, "default") == data_version("default") is not None
    # Another request's commit after this session was read is the next request's ...
    failures: list[BaseException] = []

    def elsewhere():
        try:
            _change_expiry(NEW_EXPIRY)
        except BaseException as error:  # noqa: BLE001 - reported to the test's thread
            failures.append(error)
        finally:
            connections.close_all()

    remembered = data_version("default")
    thread = threading.Thread(target=elsewhere)
    thread.start()
    thread.join(timeout=60)
    assert not failures and data_version("default") != remembered
    assert answers._data_version(request, "default") == remembered
    # ... but history this request writes itself makes it read the version again.
    _change_expiry("2004-04-05")
    assert answers._data_version(request, "default") == data_version("default") != remembered


def test_a_write_that_rolls_back_makes_the_request_read_the_version_again(seed, client_as):
    client = client_as("buyer")
    client.get(AS_OF, **JSON)
    session = SessionStore(client.session.session_key)
    session.load()
    request = _request_with(session)
    remembered = answers._data_version(request, "default")

    class RolledBack(Exception):
        pass

    with pytest.raises(RolledBack), transaction.atomic():
        _change_expiry(NEW_EXPIRY)
        raise RolledBack
    with CaptureQueriesContext(connection) as captured:
        read = answers._data_version(request, "default")
    assert len(captured.captured_queries) == 1  # read again, not taken from the session
    assert read == remembered == data_version("default")


def test_no_version_is_read_with_a_session_inside_a_transaction(seed, client_as):
    client = client_as("buyer")
    client.get(AS_OF, **JSON)
    with transaction.atomic():
        session = SessionStore(client.session.session_key)
        with CaptureQueriesContext(connection) as captured:
            session.load()
    assert "core_historylink" not in captured.captured_queries[-1]["sql"]
    assert not hasattr(session, answers._READ_WITH_SESSION)


def test_no_version_is_read_with_a_session_when_answers_are_not_kept(seed, client_as, settings):
    settings.LEDGERLINE_ANSWER_CACHE = ""
    client = client_as("buyer")
    response, statements = _counted(lambda: _get(client, AS_OF))
    assert response.status_code == 200 and "Cache-Status" not in response.headers
    assert not any("core_historylink" in sql for sql in statements)


# --- who asks, read afresh every request ----------------------------------------------------------------


def test_a_permission_granted_to_the_user_applies_to_the_next_request(seed, client_as, buyer_user):
    client = client_as("buyer")
    assert _get(client, RECORDED).status_code == 403
    buyer_user.user_permissions.add(Permission.objects.get(content_type__app_label="core", codename="view_history"))
    granted = _get(client, RECORDED)
    assert granted.status_code == 200 and _status(granted) == "ledgerline; fwd=miss; stored"
    buyer_user.user_permissions.clear()
    assert _get(client, RECORDED).status_code == 403


def test_a_role_taken_applies_to_the_next_request_even_to_a_kept_answer(seed, client_as, auditor_user):
    client = client_as("auditor")
    assert _get(client, RECORDED).status_code == 200
    assert _status(_get(client, RECORDED)) == "ledgerline; hit"
    auditor_user.groups.remove(Group.objects.get(name=AUDITORS))
    refused = _get(client, RECORDED)
    assert refused.status_code == 403 and "Cache-Status" not in refused.headers


def test_answers_are_kept_per_permission_set(seed, client, django_user_model):
    # Users (and their permissions) are written before asking: a change to them is a change of version too.
    same = make_user(django_user_model, "buyer-same", "buyer")
    more = make_user(django_user_model, "buyer-more", "buyer")
    # One more permission, even one this question does not need, is another set: another key.
    more.user_permissions.add(Permission.objects.get(content_type__app_label="sessions", codename="view_session"))
    first = make_user(django_user_model, "buyer-first", "buyer")
    for user, status in [
        (first, "ledgerline; fwd=miss; stored"),
        (more, "ledgerline; fwd=miss; stored"),
        (same, "ledgerline; hit"),
    ]:
        client.force_login(user)
        _get(client, "/")  # the session's first request writes it: not part of the question
        assert _status(_get(client, AS_OF)) == status, user.username


def _kept(client):
    assert _get(client, AS_OF).status_code == 200
    assert _status(_get(client, AS_OF)) == "ledgerline; hit"


def test_a_deactivated_user_gets_no_kept_answer(seed, client_as, buyer_user):
    client = client_as("buyer")
    _kept(client)
    buyer_user.is_active = False
    buyer_user.save()
    refused = _get(client, AS_OF)
    assert refused.status_code == 403 and "Cache-Status" not in refused.headers


def test_a_changed_password_ends_the_session_before_a_kept_answer(seed, client_as, buyer_user):
    client = client_as("buyer")
    _kept(client)
    buyer_user.set_password("an entirely new passphrase 42")
    buyer_user.save()
    refused = _get(client, AS_OF)
    assert refused.status_code == 403 and "Cache-Status" not in refused.headers


def test_an_expired_session_gets_no_kept_answer(seed, client_as):
    client = client_as("buyer")
    _kept(client)
    Session.objects.all().update(expire_date=timezone.now() - timedelta(seconds=1))
    refused = _get(client, AS_OF)
    assert refused.status_code == 403 and "Cache-Status" not in refused.headers


def test_a_tampered_session_gets_no_kept_answer(seed, client_as):
    client = client_as("buyer")
    _kept(client)
    session = Session.objects.get()
    Session.objects.filter(pk=session.pk).update(session_data=session.session_data[:-2] + "xx")
    refused = _get(client, AS_OF)
    assert refused.status_code == 403 and "Cache-Status" not in refused.headers
