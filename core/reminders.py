"""Reminders: each user's digest of what needs their attention, e-mailed once per item.

A digest is made of the user's attention lists (`core.attention`, scoped to their role) as of a date:
an item is due for a reminder when its due date falls within the user's days ahead (or passed at most
`GRACE_DAYS` ago, so a run missed for a few days loses nothing), or, having no due date (a recent
change), when it is new. Every item is sent once: its key is recorded in `SentReminder`.

`send_reminders` decides and records in one transaction per user, and e-mails before committing: a
failed e-mail leaves nothing recorded (it is tried again next run), and two runs at once cannot both
send an item (the second one's insert hits the unique constraint and it sends nothing to that user).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from core.attention import AttentionItem, AttentionList, attention_lists, days_until
from core.models import ReminderPreference, SentReminder

# Items read per list for a digest; what is beyond stays on the home page (the digest says how many).
REMINDER_LIMIT = 10
# Items that fell due at most this long before the run are still reminded of (runs missed, new users).
GRACE_DAYS = 30


def preference_for(user: Any) -> ReminderPreference:
    """The user's saved preference, or the defaults (unsaved)."""
    try:
        preference: ReminderPreference = user.reminder_preference
    except ObjectDoesNotExist:
        return ReminderPreference(user=user)
    return preference


def is_due(item: AttentionItem, *, on: date, days_ahead: int) -> bool:
    """Due within `days_ahead` of `on` (or in the grace days before it); always, without a due date."""
    if item.due is None:
        return True
    return on - timedelta(days=GRACE_DAYS) <= item.due <= on + timedelta(days=days_ahead)


@dataclass(frozen=True)
class DigestSection:
    attention: AttentionList
    items: tuple[AttentionItem, ...]


@dataclass(frozen=True)
class Digest:
    user: Any
    on: date
    sections: tuple[DigestSection, ...] = ()

    @property
    def items(self) -> list[AttentionItem]:
        return [item for section in self.sections for item in section.items]


def build_digest(user: Any, *, on: date) -> Digest:
    """What `user` is to be reminded of on `on` and has not been yet, by their preference."""
    preference = preference_for(user)
    if not preference.enabled:
        return Digest(user, on)
    candidates = [
        DigestSection(found, tuple(i for i in found.items if is_due(i, on=on, days_ahead=preference.days_ahead)))
        for found in attention_lists(user, on=on, limit=REMINDER_LIMIT)
        if preference.wants(found.kind)
    ]
    keys = [item.key for section in candidates for item in section.items]
    sent = set(SentReminder.objects.filter(user=user, key__in=keys).values_list("key", flat=True)) if keys else set()
    sections = []
    for section in candidates:
        new = tuple(item for item in section.items if item.key not in sent)
        if new:
            sections.append(DigestSection(section.attention, new))
    return Digest(user, on, tuple(sections))


def _link(url: str) -> str:
    return url if url.startswith(("http://", "https://")) else settings.LEDGERLINE_BASE_URL.rstrip("/") + url


def render_digest(digest: Digest) -> tuple[str, str]:
    """The e-mail's subject and plain-text body."""
    count = len(digest.items)
    subject = f"Ledgerline: {count} item{'s' if count != 1 else ''} need your attention ({digest.on:%Y-%m-%d})"
    lines = [f"Hello {digest.user.get_username()},", "", f"As of {digest.on:%Y-%m-%d}:", ""]
    for section in digest.sections:
        found = section.attention
        lines.append(f"{found.title} ({found.total} in all)")
        if found.note:
            lines.append(f"  {found.note}")
        for item in section.items:
            days = days_until(item.due, digest.on)
            when = "" if days is None else f" (due {item.due:%Y-%m-%d}, " + _countdown(days) + ")"
            lines.append(f"- {item.title}{when}")
            if item.detail:
                lines.append(f"  {item.detail}")
            lines.append(f"  {_link(item.url)}")
        if found.more_url and found.total > len(found.items):
            lines.append(f"  All of them: {_link(found.more_url)}")
        lines.append("")
    lines += [
        "Each item is sent once. Your home page lists everything:",
        _link(reverse("home")),
        "Choose which reminders you get and how many days ahead:",
        _link(reverse("account:profile")),
    ]
    return subject, "\n".join(lines) + "\n"


def _countdown(days: int) -> str:
    if days == 0:
        return "today"
    return f"in {days} day{'s' if days != 1 else ''}" if days > 0 else f"{-days} day{'s' if days != -1 else ''} ago"


@dataclass
class RunSummary:
    on: date
    dry_run: bool
    users: int = 0
    emailed: int = 0
    items: int = 0
    no_email: int = 0
    switched_off: int = 0
    nothing_new: int = 0
    taken_by_another_run: int = 0
    failed: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        verb = "would e-mail" if self.dry_run else "e-mailed"
        return [
            f"Reminders as of {self.on:%Y-%m-%d}{' (dry run: nothing sent or recorded)' if self.dry_run else ''}:",
            f"  {self.users} active users; {verb} {self.emailed} ({self.items} items)",
            f"  skipped: {self.no_email} without an e-mail address, {self.switched_off} with reminders off, "
            f"{self.nothing_new} with nothing new, {self.taken_by_another_run} sent by another run",
            *(f"  FAILED: {failure}" for failure in self.failed),
        ]


def recipients() -> Iterable[Any]:
    return get_user_model()._default_manager.filter(is_active=True).select_related("reminder_preference").order_by("pk")


def send_reminders(*, on: date, dry_run: bool = False) -> RunSummary:
    """E-mail every active user with an address the items newly due for them (see the module)."""
    summary = RunSummary(on=on, dry_run=dry_run)
    connection = None if dry_run else get_connection()
    for user in recipients():
        summary.users += 1
        if not user.email:
            summary.no_email += 1
            continue
        if not preference_for(user).enabled:
            summary.switched_off += 1
            continue
        try:
            with transaction.atomic():
                digest = build_digest(user, on=on)
                if digest.items and not dry_run:
                    now = timezone.now()
                    sent = [SentReminder(user=user, key=item.key, sent_at=now) for item in digest.items]
                    SentReminder.objects.bulk_create(sent)
                    subject, body = render_digest(digest)
                    EmailMessage(subject, body, to=[user.email], connection=connection).send()
        except IntegrityError:
            summary.taken_by_another_run += 1
            continue
        except OSError as error:  # SMTP and socket errors: nothing was recorded, the next run retries
            summary.failed.append(f"{user.get_username()}: {error}")
            continue
        if not digest.items:
            summary.nothing_new += 1
            continue
        summary.emailed += 1
        summary.items += len(digest.items)
    return summary
