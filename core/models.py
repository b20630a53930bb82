"""The platform's models: the anchor of the platform permissions, the history hash chain, and the
history of users and groups (who was granted what, by whom, when and why).
"""

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from simple_history import register

from core.history import AccountHistoricalRecords


class Ledgerline(models.Model):
    """Carries the platform-wide permissions `core.view_history` and `core.price_quote`.

    A permission needs a content type, and a content type needs a model: before this model the two
    permissions hung on a made-up content type (`core.ledgerline`) that `remove_stale_contenttypes`
    would have deleted, and with it every role's grant of them. This model has that very content
    type, so existing databases keep their permission rows. It is unmanaged and has no table:
    nothing is ever stored in it.
    """

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("view_history", "Can view change history and audit log"),
            ("price_quote", "Can price quotes"),
            ("review_findings", "Can mark findings reviewed"),
        ]
        verbose_name = "Ledgerline"
        verbose_name_plural = "Ledgerline"

    def __str__(self) -> str:
        return "Ledgerline"


class HistoryLink(models.Model):
    """One history row's place in the hash chain (see `core.chain`): its hash and the chain's hash so far.

    One chain runs through every history table in the order the rows were written, so a deleted,
    inserted or reordered row breaks it wherever it is. Written in the transaction that writes the
    history row; append-only like the history itself (`core.history_guard`).
    """

    seq = models.PositiveBigIntegerField("position", primary_key=True)
    history_table = models.CharField("history table", max_length=100)
    history_id = models.BigIntegerField("history row id")
    row_hash = models.CharField("row hash", max_length=64)
    prev_hash = models.CharField("previous link's hash", max_length=64)
    chain_hash = models.CharField("chain hash", max_length=64)
    created = models.DateTimeField("linked at")
    # Linked by `core.chain.link_unchained` after being written (bulk-written or imported history,
    # possibly dated long before), not as it was written.
    late = models.BooleanField("linked late", default=False)

    class Meta:
        ordering = ["seq"]
        default_permissions = ()  # nobody edits the chain; auditors read it through core.view_history
        constraints = [
            models.UniqueConstraint(fields=["history_table", "history_id"], name="core_historylink_one_per_row"),
        ]
        verbose_name = "history link"
        verbose_name_plural = "history links"

    def __str__(self) -> str:
        return f"#{self.seq} {self.history_table}/{self.history_id}"


class HistoryVerification(models.Model):
    """One run of the tamper-evidence check (`core.tamper.verify_history`): when, by whom, what it found.

    The check reads every history row; the integrity page shows the latest run instead of repeating
    it on every visit, and keeps the runs (a scheduled `verify_history` records each of its runs too).
    """

    checked_at = models.DateTimeField("checked at", default=timezone.now, db_index=True)
    checked_by = models.CharField("checked by", max_length=150)
    intact = models.BooleanField("intact")
    links = models.PositiveBigIntegerField("links checked")
    late_links = models.PositiveBigIntegerField("of them linked late", default=0)
    live_rows = models.PositiveBigIntegerField("records checked")
    head_seq = models.PositiveBigIntegerField("head position", null=True, blank=True)
    head_hash = models.CharField("head hash", max_length=64, blank=True)
    problem_count = models.PositiveIntegerField("problems")
    problems = models.JSONField("problems listed", default=list, blank=True)

    class Meta:
        ordering = ["-checked_at", "-pk"]
        default_permissions = ()  # written by the check only; read through core.view_history
        verbose_name = "history verification"
        verbose_name_plural = "history verifications"

    def __str__(self) -> str:
        return f"{self.checked_at:%Y-%m-%d %H:%M} {'intact' if self.intact else 'problems'}"


class FindingReview(models.Model):
    """An auditor's review of one finding (by its stable `code`) about one record: who, when, and a note.

    Findings are computed, not stored (e.g. `pricing.comparison.check_comparison`); the review names
    its subject generically so any app's findings can be reviewed. Written only by `core.findings`,
    which also appends every change to `FindingReviewEntry`: like the platform's other own records
    (`HistoryVerification`), it is no domain model, so it keeps no django-simple-history (that would
    make `core` a domain app in `core.history.audited_app_labels`, and the roles would derive
    permissions from it).
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, verbose_name="subject type")
    object_id = models.PositiveBigIntegerField("subject id")
    subject = GenericForeignKey("content_type", "object_id")
    code = models.CharField("finding code", max_length=200)
    note = models.TextField("note")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="reviewed by"
    )
    reviewed_at = models.DateTimeField("reviewed at", default=timezone.now)

    class Meta:
        ordering = ["content_type", "object_id", "code"]
        default_permissions = ()  # reviewed through core.review_findings, never edited otherwise
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "code"], name="core_findingreview_one_per_finding"
            ),
        ]
        verbose_name = "finding review"
        verbose_name_plural = "finding reviews"

    def __str__(self) -> str:
        return f"{self.code} reviewed by {self.reviewed_by_id} on {self.reviewed_at:%Y-%m-%d}"


class FindingReviewEntry(models.Model):
    """One change to a finding's review (marked, note changed, unmarked): the review's history, append-only."""

    class Action(models.TextChoices):
        MARKED = "marked", "marked reviewed"
        NOTE_CHANGED = "note_changed", "note changed"
        UNMARKED = "unmarked", "unmarked"

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, verbose_name="subject type")
    object_id = models.PositiveBigIntegerField("subject id")
    code = models.CharField("finding code", max_length=200)
    action = models.CharField("action", max_length=20, choices=Action.choices)
    note = models.TextField("note", blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="by")
    at = models.DateTimeField("at", default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        default_permissions = ()
        indexes = [models.Index(fields=["content_type", "object_id", "code"], name="core_frentry_subject")]
        verbose_name = "finding review entry"
        verbose_name_plural = "finding review entries"

    def __str__(self) -> str:
        return f"{self.code}: {self.get_action_display()} ({self.at:%Y-%m-%d})"


# How far ahead a reminder may look: a year (the profile form and a database constraint both hold it).
MAX_DAYS_AHEAD = 365


class ReminderPreference(models.Model):
    """Which reminders a user gets by e-mail (`core.reminders`) and how many days ahead.

    A user without one gets the defaults: every kind their role sees, `DEFAULT_DAYS_AHEAD` days ahead.
    Kinds are stored switched off, so a kind an app adds later reaches everyone until they turn it off.
    The user's own setting, like their API tokens: no history, no role permissions.
    """

    DEFAULT_DAYS_AHEAD = 14

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preference", verbose_name="user"
    )
    enabled = models.BooleanField("send me reminders", default=True)
    days_ahead = models.PositiveSmallIntegerField(
        "days ahead",
        default=DEFAULT_DAYS_AHEAD,
        help_text="Remind me of what falls due within this many days (0: only what is due today or past).",
    )
    muted_kinds = models.JSONField("reminders switched off", default=list, blank=True)
    updated_at = models.DateTimeField("updated", auto_now=True)

    class Meta:
        ordering = ["user_id"]
        default_permissions = ()  # each user edits their own, on their profile page
        constraints = [
            models.CheckConstraint(
                condition=models.Q(days_ahead__lte=MAX_DAYS_AHEAD), name="core_reminderpreference_days_ahead_max"
            ),
        ]
        verbose_name = "reminder preference"
        verbose_name_plural = "reminder preferences"

    def __str__(self) -> str:
        state = f"{self.days_ahead} days ahead" if self.enabled else "off"
        return f"Reminders for user {self.user_id}: {state}"

    def wants(self, kind: str) -> bool:
        return self.enabled and kind not in self.muted_kinds


class SentReminder(models.Model):
    """One attention item (by its stable key) e-mailed to one user: each is sent once.

    The unique constraint is what makes two concurrent `send_reminders` runs safe: the rows are
    written in the transaction that decides to send, so the second run's insert fails and it sends
    nothing for that user.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="user")
    key = models.CharField("item", max_length=200)
    sent_at = models.DateTimeField("sent at", default=timezone.now)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        default_permissions = ()  # written by send_reminders only
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="core_sentreminder_once")]
        verbose_name = "sent reminder"
        verbose_name_plural = "sent reminders"

    def __str__(self) -> str:
        return f"{self.key} to user {self.user_id} at {self.sent_at:%Y-%m-%d %H:%M}"


# Users and groups keep history like the domain models, in this app (auth's migrations are not ours).
# Not kept: the password hash (an append-only archive of every hash a user ever had would outlive
# every password change and invite offline cracking) and `last_login` (it changes on every login; a
# login that touched nothing else writes no history row at all, see AccountHistoricalRecords).
_NOT_RECORDED = ["password", "last_login"]
register(
    User,
    app="core",
    records_class=AccountHistoricalRecords,
    excluded_fields=_NOT_RECORDED,
    m2m_fields=["groups", "user_permissions"],
)
register(Group, app="core", records_class=AccountHistoricalRecords, m2m_fields=["permissions"])
