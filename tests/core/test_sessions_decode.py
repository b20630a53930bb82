"""Session data once verified is remembered (`core.sessions.SessionStore.decode`): each request still gets a
dictionary of its own, and nothing is accepted that Django's own decoding would refuse."""

import secrets

from django.contrib.sessions.backends import db as django_db_sessions

from core import sessions
from core.sessions import SessionStore

DATA = {"_auth_user_id": "7", "ledgerline_session_started": 1.5, "nested": {"a": [1, 2]}}


def test_the_same_data_decodes_to_a_fresh_dictionary_each_time():
    encoded = SessionStore().encode(DATA)
    first = SessionStore().decode(encoded)
    first["nested"]["a"].append(3)
    first["_auth_user_id"] = "8"
    again = SessionStore().decode(encoded)
    assert again == DATA == django_db_sessions.SessionStore().decode(encoded)


def test_tampered_data_is_an_empty_session_every_time(caplog):
    encoded = SessionStore().encode(DATA)
    assert SessionStore().decode(encoded) == DATA  # verified and remembered
    tampered = encoded[:-3] + ("abc" if not encoded.endswith("abc") else "xyz")
    for _ in range(2):
        assert SessionStore().decode(tampered) == {}
    assert "Session data corrupted" in caplog.text


def test_data_verified_under_a_key_no_longer_used_is_refused(settings):
    encoded = SessionStore().encode(DATA)
    assert SessionStore().decode(encoded) == DATA
    settings.SECRET_KEY = "another-secret-" + "y" * 50
    settings.SECRET_KEY_FALLBACKS = []
    assert SessionStore().decode(encoded) == {} == django_db_sessions.SessionStore().decode(encoded)


def test_data_verified_under_a_fallback_key_is_still_accepted(settings):
    old_key = settings.SECRET_KEY
    encoded = SessionStore().encode(DATA)
    settings.SECRET_KEY = "rotated-secret-" + "z" * 50
    settings.SECRET_KEY_FALLBACKS = [old_key]
    assert SessionStore().decode(encoded) == DATA == django_db_sessions.SessionStore().decode(encoded)


def test_the_memory_of_verified_data_is_bounded(monkeypatch):
    monkeypatch.setattr(sessions, "VERIFIED_MAX", 3)
    sessions._verified.clear()
    for number in range(10):
        assert SessionStore().decode(SessionStore().encode({"n": number})) == {"n": number}
        assert len(sessions._verified) <= 3


def test_long_session_data_is_decoded_but_not_remembered():
    sessions._verified.clear()
    large = {"upload": secrets.token_hex(sessions.VERIFIED_LENGTH_MAX)}  # random: compression leaves it long
    encoded = SessionStore().encode(large)
    assert SessionStore().decode(encoded) == large
    assert not sessions._verified


class _OtherSaltStore(SessionStore):
    """A store of another class: Django salts its signatures with the class name."""


def test_data_verified_under_one_salt_is_not_accepted_under_another():
    encoded = SessionStore().encode(DATA)
    assert SessionStore().decode(encoded) == DATA
    assert _OtherSaltStore().key_salt != SessionStore().key_salt
    assert _OtherSaltStore().decode(encoded) == {}
