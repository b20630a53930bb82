"""Two gunicorn servers on one PostgreSQL database behave as one app (PostgreSQL only)."""

import random
import threading

import pytest
from django.db import connection

from bench.load.client import Client
from bench.load.database import query
from bench.load.scenario import Results, admin_editor, lost_writes
from bench.load.servers import Gunicorn, new_secret, production_env
from contracts.models import LegalEntity
from tests.conftest import make_user

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def database_url():
    settings = connection.settings_dict
    return (
        f"postgres://{settings['USER']}:{settings['PASSWORD']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    )


def test_two_servers_share_sessions_and_lose_no_edits(seed, django_user_model, settings):
    # The servers run production settings, which do not accept the tests' fast MD5 hashes.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    for name in ("multi-a", "multi-b"):
        make_user(django_user_model, name, "admin", staff=True)
    url = database_url()
    env = production_env(url, new_secret())
    entity_ids = list(LegalEntity.objects.order_by("pk").values_list("pk", flat=True)[:3])
    with Gunicorn(env, workers=1) as first, Gunicorn(env, workers=1) as second:
        client = Client(first.url)
        client.login("multi-a", "pw-multi-a")
        assert client.get("/contracts/").status == 200
        on_second = Client(second.url)
        on_second.cookies = dict(client.cookies)
        assert on_second.get("/contracts/").status == 200, "a session started on one server works on the other"

        results = Results()
        edit = admin_editor(entity_ids)

        def editor(server, username, seed_value):
            editor_client = Client(server.url)
            editor_client.login(username, f"pw-{username}")
            rng = random.Random(seed_value)
            for _ in range(6):
                edit(editor_client, results, rng)

        threads = [
            threading.Thread(target=editor, args=(first, "multi-a", 1)),
            threading.Thread(target=editor, args=(second, "multi-b", 2)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)

    assert results.errors == []
    assert results.acknowledged, "some edits went through"
    assert lost_writes(url, results) == []
    stale = query(
        url,
        """SELECT count(*) FROM contracts_legalentity e WHERE e.note IS DISTINCT FROM (
        SELECT note FROM contracts_historicallegalentity h WHERE h.id = e.id
        ORDER BY history_date DESC, history_id DESC LIMIT 1)""",
    )
    assert stale == [(0,)]
