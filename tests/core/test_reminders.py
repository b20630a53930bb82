"""send_reminders with Django's in-memory e-mail backend: each item once, preferences honoured."""

from datetime import date

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from core.models import ReminderPreference, SentReminder
from core.reminders import send_reminders
from tests.core.test_home import ON, build_portfolio, use_providers

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("only_these_providers", "addresses")]


@pytest.fixture
def only_these_providers(monkeypatch):
    use_providers(monkeypatch)


@pytest.fixture
def portfolio(admin_user):
    return build_portfolio(admin_user)


@pytest.fixture
def addresses(users):
    for role, user in users.items():
        user.email = f"{role}@example.com"
        user.save()


def _run(on=ON, **options):
    return send_reminders(on=on, **options)


def _to(address):
    return [message for message in mail.outbox if message.to == [address]]


def test_due_items_are_sent_once(portfolio):
    summary = _run()
    assert summary.emailed == 3 and not summary.failed
    (message,) = _to("admin@example.com")
    body = message.body
    # Due within 14 days, or in the 30 days before: the remedy required since the need-by date
    # (2000-09-01). Not the release overdue since 2000-03-31 (the home page lists it), the slip
    # (committed by 2000-12-31), the Term (2003) or the draft (takes effect 2000-12-01).
    assert f"- {portfolio['needed']} (due 2000-09-01, 30 days ago)" in body
    assert f"- {portfolio['overdue']} (due" not in body and f"- {portfolio['slipped']} (due" not in body
    assert "Term ending or ended" not in body and "Draft amendments awaiting execution" not in body
    assert "http://127.0.0.1:8000/releases/" in body and "/accounts/profile/" in body
    assert "Recent changes by others" in body  # new, without a due date
    sent = SentReminder.objects.filter(user__username="contract-admin").count()
    assert sent == len([line for line in body.splitlines() if line.startswith("- ")])

    mail.outbox.clear()
    again = _run()
    assert mail.outbox == [] and again.emailed == 0 and again.nothing_new == 3
    assert SentReminder.objects.filter(user__username="contract-admin").count() == sent


def test_later_an_item_coming_due_is_sent_alone(portfolio):
    _run()
    mail.outbox.clear()
    _run(on=date(2000, 11, 20))  # the draft takes effect 2000-12-01: within 14 days now
    (message,) = _to("admin@example.com")
    assert "Draft amendments awaiting execution" in message.body and "- Amendment 9 to" in message.body
    assert "Recent changes by others" not in message.body  # the same changes: sent the first time
    assert _to("buyer@example.com") == []  # buyers never get drafts


def test_kinds_switched_off_are_not_sent(users, portfolio):
    ReminderPreference.objects.create(
        user=users["admin"], muted_kinds=["releases_overdue", "releases_slipped", "recent_changes"]
    )
    _run()
    (message,) = _to("admin@example.com")
    assert "Remedies required" in message.body
    assert "Releases overdue" not in message.body and "Recent changes" not in message.body


def test_days_ahead_decides_what_is_due(users, portfolio):
    ReminderPreference.objects.create(user=users["buyer"], days_ahead=0)
    ReminderPreference.objects.create(user=users["auditor"], days_ahead=365)
    _run(on=date(2000, 11, 1))
    auditor = _to("auditor@example.com")[0].body
    assert "- Amendment 9 to" in auditor and f"- {portfolio['slipped']} (due" in auditor  # within 365 days
    assert _to("buyer@example.com") == []  # 0 days ahead: nothing falls due on 2000-11-01
    ReminderPreference.objects.filter(user=users["buyer"]).update(days_ahead=365)
    mail.outbox.clear()
    _run(on=date(2002, 6, 1))
    assert "Term ends 2003-03-13" in _to("buyer@example.com")[0].body


def test_reminders_switched_off_send_nothing(users, portfolio):
    ReminderPreference.objects.create(user=users["buyer"], enabled=False)
    summary = _run()
    assert _to("buyer@example.com") == [] and summary.switched_off == 1
    assert not SentReminder.objects.filter(user=users["buyer"]).exists()


def test_users_without_an_address_are_skipped(users, portfolio):
    users["auditor"].email = ""
    users["auditor"].save()
    summary = _run()
    assert summary.no_email == 1 and {tuple(m.to) for m in mail.outbox} == {
        ("admin@example.com",),
        ("buyer@example.com",),
    }


def test_a_dry_run_sends_and_records_nothing(portfolio):
    summary = _run(dry_run=True)
    assert summary.emailed == 3 and summary.items > 0
    assert mail.outbox == [] and SentReminder.objects.count() == 0


def test_another_run_sending_the_same_items_first_wins(users, portfolio, monkeypatch):
    """Between deciding and recording, a concurrent run records the same item: this run sends nothing."""
    import core.reminders

    real = core.reminders.build_digest

    def racing(user, *, on):
        digest = real(user, on=on)
        if digest.items and user == users["admin"]:
            SentReminder.objects.create(user=user, key=digest.items[0].key)  # the other run's commit
        return digest

    monkeypatch.setattr(core.reminders, "build_digest", racing)
    summary = _run()
    assert summary.taken_by_another_run == 1 and _to("admin@example.com") == []
    assert SentReminder.objects.filter(user=users["admin"]).count() == 0  # rolled back with ours


def test_a_failed_e_mail_records_nothing_and_is_retried(users, portfolio, monkeypatch):
    from django.core.mail import EmailMessage

    def refuse(self, fail_silently=False):
        raise ConnectionRefusedError("SMTP server down")

    monkeypatch.setattr(EmailMessage, "send", refuse)
    with pytest.raises(CommandError, match="could not be sent"):
        call_command("send_reminders", "--on", ON.isoformat())
    assert SentReminder.objects.count() == 0
    monkeypatch.undo()
    summary = _run()
    assert summary.emailed == 3


def test_the_command_prints_a_summary(capsys, portfolio):
    call_command("send_reminders", "--on", ON.isoformat(), "--dry-run")
    out = capsys.readouterr().out
    assert "Reminders as of 2000-10-01 (dry run" in out and "would e-mail 3" in out
    call_command("send_reminders", "--on", ON.isoformat())
    assert "e-mailed 3" in capsys.readouterr().out and len(mail.outbox) == 3


def test_a_bad_date_is_refused():
    with pytest.raises(CommandError, match="--on: '2000-02-30' is not a date"):
        call_command("send_reminders", "--on", "2000-02-30")
