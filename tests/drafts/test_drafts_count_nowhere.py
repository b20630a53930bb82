"""A draft changes no answer: every page and API route, generated from the URL conf, answers the same
with a full draft of the fifth amendment in the database as without it (CSRF tokens aside)."""

import re

import pytest
from django.test import Client

from tests.core.test_access_matrix import _allows_get, _concrete, routes
from tests.drafts.conftest import draft_post
from tests.drafts.test_drafting import start_draft

pytestmark = pytest.mark.django_db

# Pages that are about drafts or about the history of records (where a draft's own edits are recorded).
ABOUT_DRAFTS_OR_HISTORY = ("drafts:", "core:", "ledger:audit_log")
# Dates on which the fifth amendment would change an answer, if drafts counted.
QUERIES = ("", "?on=2000-04-01", "?on=2000-06-01&q=DDM-2000+OC-3", "?q=DDM-2000+OC-3&on=2000-04-01")
# The home page's lists of drafts and of recent changes are about drafts and history by design
# (tests/core/test_home.py shows the rest of the home page does not change).
ABOUT_DRAFTS_ON_HOME = re.compile(
    rb'<section class="attention" id="attention-(?:drafts_awaiting|recent_changes)".*?</section>', re.S
)
_TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"|csrfToken[^,]*|nonce="[^"]+"')


def _answers(client):
    answers = {}
    for name, pattern in routes():
        if name.startswith(ABOUT_DRAFTS_OR_HISTORY) or "history" in name or not _allows_get(pattern):
            continue
        url, _ = _concrete(name, pattern)
        if "audit" in url:
            continue
        for query in QUERIES:
            response = client.get(url + query)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            answers[url + query] = (response.status_code, _TOKEN.sub(b"", ABOUT_DRAFTS_ON_HOME.sub(b"", body)))
    return answers


@pytest.mark.parametrize("role", ["buyer", "auditor"])
def test_a_draft_changes_no_page_or_api_answer(client_as, users, fifth, role):
    admin = client_as("admin")
    draft = start_draft(admin, fifth["agreement"])
    reader = Client()  # its own cookies: the admin's "Draft saved" message is not the reader's page
    reader.force_login(users[role])
    without = _answers(reader)
    assert admin.post(draft.get_absolute_url(), draft_post(draft, fifth)).status_code == 302
    with_draft = _answers(reader)
    changed = [url for url in without if without[url] != with_draft[url]]
    assert changed == []
    assert len(without) > 50
