"""The profile page: each user chooses their own reminders; bad input is a field error."""

import pytest
from django.test import Client

from core.models import ReminderPreference

pytestmark = pytest.mark.django_db

URL = "/accounts/profile/"


def test_anonymous_users_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_each_role_is_offered_the_kinds_it_sees(client_as):
    admin = client_as("admin").get(URL).content.decode()
    assert "Draft amendments awaiting execution" in admin and "Recent changes by others" in admin
    buyer = client_as("buyer").get(URL).content.decode()
    assert "Releases overdue" in buyer and "Term ending or ended" in buyer
    assert "Draft amendments" not in buyer and "Recent changes" not in buyer


def test_the_defaults_are_shown_and_saving_keeps_the_choice(client_as, users):
    client = client_as("buyer")
    page = client.get(URL).content.decode()
    assert 'value="14"' in page and "No reminder has been e-mailed to you yet." in page
    response = client.post(URL, {"enabled": "on", "days_ahead": "30", "kinds": ["term_end"]})
    assert response.status_code == 302 and response.url == URL
    preference = ReminderPreference.objects.get(user=users["buyer"])
    assert preference.enabled and preference.days_ahead == 30
    muted = {"releases_remedy_required", "releases_overdue", "releases_slipped"}
    assert muted <= set(preference.muted_kinds) and "term_end" not in preference.muted_kinds
    assert preference.wants("term_end") and not preference.wants("releases_overdue")
    page = client.get(URL).content.decode()
    assert "Your reminder settings are saved." in page and 'value="30"' in page


@pytest.mark.parametrize("days", ["-1", "366", "abc", ""])
def test_bad_days_ahead_is_a_field_error_and_is_kept(client_as, users, days):
    response = client_as("buyer").post(URL, {"enabled": "on", "days_ahead": days})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="error" id="id_days_ahead_error"' in page and 'aria-invalid="true"' in page
    assert f'value="{days}"' in page or (days == "" and 'name="days_ahead"' in page)
    assert not ReminderPreference.objects.filter(user=users["buyer"]).exists()


def test_an_unknown_kind_is_a_field_error(client_as):
    response = client_as("buyer").post(URL, {"enabled": "on", "days_ahead": "7", "kinds": ["drafts_awaiting"]})
    assert response.status_code == 400 and "not one of the available choices" in response.content.decode()


def test_a_post_without_the_csrf_token_is_refused(users):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["buyer"])
    assert client.post(URL, {"enabled": "on", "days_ahead": "7"}).status_code == 403
    assert not ReminderPreference.objects.filter(user=users["buyer"]).exists()


def test_a_user_changes_only_their_own_preference(client_as, users):
    ReminderPreference.objects.create(user=users["admin"], days_ahead=3)
    client_as("buyer").post(URL, {"days_ahead": "60"})
    assert ReminderPreference.objects.get(user=users["admin"]).days_ahead == 3
    assert ReminderPreference.objects.get(user=users["buyer"]).enabled is False  # unticked
