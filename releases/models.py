"""Exhibit B of Amendment 3: the Seller's release schedule, its revisions, and slip remedies.

What the exhibit says is stored exactly as written (`*_as_written`) and understood on read through
`releases.datewindows`; nothing derived from it is stored. What happens afterwards (the Seller's
revised forecasts, actual dates, the Customer's need-by dates, remedies) is recorded by contract
admins, and every change keeps its history.
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from contracts.datafile import row_key
from core.history import AuditedHistoricalRecords
from releases.datewindows import DateWindow, check_date_text, parse_window
from releases.querysets import ProductLineQuerySet, ReleaseQuerySet, RemedyQuerySet

HEADING_MISSING = "(heading missing in Exhibit B)"


class Milestone(models.TextChoices):
    CI_FSA = "ci_fsa", "CI/FSA"
    GA = "ga", "GA"


class ReleaseSchedule(models.Model):
    """A release schedule exhibit; its dates are anticipated as of the amendment's effective date."""

    amendment = models.ForeignKey(
        "contracts.Amendment",
        verbose_name="amendment",
        on_delete=models.PROTECT,
        related_name="release_schedules",
    )
    exhibit = models.CharField("exhibit", max_length=10)
    title = models.CharField("title", max_length=200)
    note = models.TextField("note", blank=True)
    history = AuditedHistoricalRecords()

    class Meta:
        ordering = ["amendment_id", "exhibit"]
        verbose_name = "release schedule"
        verbose_name_plural = "release schedules"
        constraints = [
            models.UniqueConstraint(fields=["amendment", "exhibit"], name="release_schedule_unique"),
        ]

    def __str__(self):
        return f"Exhibit {self.exhibit} to {self.amendment}: {self.title}"

    @property
    def schedule_date(self) -> date:
        """The date "Now" in the exhibit refers to: the amendment's effective date."""
        return self.amendment.effective_date


class ProductLine(models.Model):
    """A product-line heading of the schedule. The exhibit lists some product lines twice.

    `key` names the product line within its schedule for good (the data file matches by it, never by
    position). Left blank, `ensure_key()` (called by `clean()` and `save()`) derives it from the name.
    """

    schedule = models.ForeignKey(
        ReleaseSchedule, verbose_name="schedule", on_delete=models.PROTECT, related_name="product_lines"
    )
    key = models.SlugField("key", max_length=80, blank=True, help_text="Stable within the schedule; never changes.")
    position = models.PositiveSmallIntegerField("position in the exhibit")
    name = models.CharField("name", max_length=200)
    name_as_written = models.CharField(
        "name as written", max_length=200, blank=True, help_text="Blank when the exhibit prints no heading."
    )
    note = models.TextField("note", blank=True)
    history = AuditedHistoricalRecords()

    objects = ProductLineQuerySet.as_manager()

    class Meta:
        ordering = ["schedule_id", "position"]
        verbose_name = "product line"
        verbose_name_plural = "product lines"
        indexes = [models.Index(fields=["schedule", "position"], name="product_line_order")]
        constraints = [
            models.UniqueConstraint(fields=["schedule", "key"], name="product_line_key_unique"),
            models.CheckConstraint(condition=~Q(key=""), name="product_line_has_key"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.ensure_key()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("releases:productline_timeline", args=[self.pk])

    def clean(self):
        self.ensure_key()

    def ensure_key(self):
        """Give a new product line its key: from its name, unique within the schedule."""
        if not self.key and self.schedule_id:
            siblings = ProductLine.objects.filter(schedule_id=self.schedule_id).exclude(pk=self.pk)
            self.key = row_key(self.name, set(siblings.values_list("key", flat=True)), fallback="product-line")


class ReleaseGroup(models.Model):
    """A sub-heading inside a product line ("Voice", "T1 Line Card"); unnamed for ungrouped rows.

    `key` names the group within its product line for good; left blank, `ensure_key()` (called by
    `clean()` and `save()`) derives it from the name (`ungrouped` for the unnamed group).
    """

    product_line = models.ForeignKey(
        ProductLine, verbose_name="product line", on_delete=models.PROTECT, related_name="groups"
    )
    key = models.SlugField("key", max_length=80, blank=True, help_text="Stable within the product line.")
    position = models.PositiveSmallIntegerField("position in the product line")
    name = models.CharField("name", max_length=200, blank=True, help_text="Blank: rows under no sub-heading.")
    history = AuditedHistoricalRecords()

    class Meta:
        ordering = ["product_line_id", "position"]
        verbose_name = "release group"
        verbose_name_plural = "release groups"
        indexes = [models.Index(fields=["product_line", "position"], name="releasegroup_order")]
        constraints = [
            models.UniqueConstraint(fields=["product_line", "key"], name="release_group_key_unique"),
            models.CheckConstraint(condition=~Q(key=""), name="release_group_has_key"),
        ]

    def __str__(self):
        return f"{self.product_line} / {self.name}" if self.name else str(self.product_line)

    def save(self, *args, **kwargs):
        self.ensure_key()
        super().save(*args, **kwargs)

    def clean(self):
        self.ensure_key()

    def ensure_key(self):
        """Give a new group its key: from its name, unique within the product line."""
        if not self.key and self.product_line_id:
            siblings = ReleaseGroup.objects.filter(product_line_id=self.product_line_id).exclude(pk=self.pk)
            self.key = row_key(self.name, set(siblings.values_list("key", flat=True)), fallback="ungrouped")


class Release(models.Model):
    """One row of the schedule: a release or feature and its two promised milestones.

    A row printed with one date whose column cannot be told keeps that date in
    `single_value_as_written` with `column_ambiguous` set; its commitment is then unknown.
    Admins add the actual dates and the Customer's need-by date.

    `key` names the row within its group for good: the data file matches rows by it, never by
    position, so what admins recorded stays on its release when rows are inserted. Left blank,
    `ensure_key()` (called by `clean()` and `save()`) derives it from `name_as_written`.
    """

    # What the exhibit says (loaded from the data file, read-only) and what admins record since: the
    # admin, the recording form and the API edit the second list and show the first read-only.
    AS_WRITTEN_FIELDS = (
        "group",
        "key",
        "position",
        "name_as_written",
        "ci_fsa_as_written",
        "ga_as_written",
        "column_ambiguous",
        "single_value_as_written",
        "note",
    )
    TRACKING_FIELDS = ("ci_fsa_actual_date", "ga_actual_date", "need_by_date")

    group = models.ForeignKey(ReleaseGroup, verbose_name="group", on_delete=models.PROTECT, related_name="releases")
    key = models.SlugField("key", max_length=80, blank=True, help_text="Stable within the group; never changes.")
    position = models.PositiveSmallIntegerField("position in the group")
    name_as_written = models.CharField("release as written", max_length=200)
    ci_fsa_as_written = models.CharField("CI/FSA as written", max_length=40, blank=True)
    ga_as_written = models.CharField("GA as written", max_length=40, blank=True)
    column_ambiguous = models.BooleanField(
        "column ambiguous", default=False, help_text="The exhibit prints one date without showing its column."
    )
    single_value_as_written = models.CharField(
        "single date as written",
        max_length=40,
        blank=True,
        help_text="Only for rows whose column is ambiguous.",
    )
    note = models.TextField("note", blank=True)
    ci_fsa_actual_date = models.DateField("CI/FSA actual date", null=True, blank=True)
    ga_actual_date = models.DateField("GA actual date", null=True, blank=True)
    need_by_date = models.DateField(
        "Customer needs it by",
        null=True,
        blank=True,
        help_text="From the Customer's deployment schedule; compared with the GA date.",
    )
    history = AuditedHistoricalRecords()

    objects = ReleaseQuerySet.as_manager()

    class Meta:
        ordering = [
            "group__product_line__schedule_id",  # _id: the schedule's own ordering would add joins
            "group__product_line__position",
            "group__position",
            "position",
        ]
        verbose_name = "release"
        verbose_name_plural = "releases"
        indexes = [models.Index(fields=["group", "position"], name="release_in_group_order")]
        constraints = [
            models.UniqueConstraint(fields=["group", "key"], name="release_key_unique"),
            models.CheckConstraint(condition=~Q(key=""), name="release_has_key"),
            models.CheckConstraint(
                condition=Q(column_ambiguous=False, single_value_as_written="")
                | Q(column_ambiguous=True, ci_fsa_as_written="", ga_as_written=""),
                name="release_ambiguity_consistent",
            ),
            models.CheckConstraint(
                condition=Q(ci_fsa_actual_date__isnull=True)
                | Q(ga_actual_date__isnull=True)
                | Q(ga_actual_date__gte=models.F("ci_fsa_actual_date")),
                name="release_actuals_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.group} {self.name_as_written}"

    def save(self, *args, **kwargs):
        self.ensure_key()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("releases:release_detail", args=[self.pk])

    def ensure_key(self):
        """Give a new row its key: from the release as written, unique within the group."""
        if not self.key and self.group_id:
            siblings = Release.objects.filter(group_id=self.group_id).exclude(pk=self.pk)
            self.key = row_key(self.name_as_written, set(siblings.values_list("key", flat=True)), fallback="release")

    def clean(self):
        self.ensure_key()
        errors = {}
        for name in ("ci_fsa_as_written", "ga_as_written", "single_value_as_written"):
            try:
                check_date_text(getattr(self, name))
            except ValueError as exc:
                errors[name] = str(exc)
        if self.column_ambiguous and (self.ci_fsa_as_written or self.ga_as_written):
            errors["column_ambiguous"] = "A row whose column is ambiguous has only its single date."
        if not self.column_ambiguous and self.single_value_as_written:
            errors["single_value_as_written"] = "Only rows whose column is ambiguous have a single date."
        today = timezone.localdate()
        for name in ("ci_fsa_actual_date", "ga_actual_date"):
            value = getattr(self, name)
            if value and value > today:
                errors[name] = "An actual date cannot be in the future; record a forecast instead."
        if self.ci_fsa_actual_date and self.ga_actual_date and self.ga_actual_date < self.ci_fsa_actual_date:
            errors["ga_actual_date"] = "GA cannot come before CI/FSA."
        if errors:
            raise ValidationError(errors)

    @property
    def product_line(self) -> ProductLine:
        return self.group.product_line

    @property
    def schedule_date(self) -> date:
        return self.group.product_line.schedule.schedule_date

    def committed_as_written(self, milestone) -> str:
        return self.ci_fsa_as_written if milestone == Milestone.CI_FSA else self.ga_as_written

    def committed_window(self, milestone) -> DateWindow | None:
        """The window the exhibit promises for `milestone`; None when it promises none we can place."""
        if self.column_ambiguous:
            return None
        return parse_window(self.committed_as_written(milestone), schedule_date=self.schedule_date)

    def single_value_window(self) -> DateWindow | None:
        if not self.column_ambiguous:
            return None
        return parse_window(self.single_value_as_written, schedule_date=self.schedule_date)

    def actual_date(self, milestone) -> date | None:
        return self.ci_fsa_actual_date if milestone == Milestone.CI_FSA else self.ga_actual_date


class ForecastRevision(models.Model):
    """The Seller's revised date for one milestone, as the Seller wrote it, and why it changed."""

    release = models.ForeignKey(Release, verbose_name="release", on_delete=models.PROTECT, related_name="revisions")
    milestone = models.CharField("milestone", max_length=10, choices=Milestone.choices, default=Milestone.GA)
    forecast_as_written = models.CharField(
        "forecast as written", max_length=40, help_text="Any schedule date form: 6/15/00, 5/00, 2Q00, 2H01."
    )
    recorded_on = models.DateField(
        "known since", default=timezone.localdate, help_text="The date the Seller gave this forecast."
    )
    reason = models.TextField("reason")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="recorded by",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    history = AuditedHistoricalRecords()

    class Meta:
        # release_id, not release: ordering by the relation would join through the release's own
        # ordering up to the agreement on every read of revisions.
        ordering = ["release_id", "milestone", "recorded_on", "pk"]
        verbose_name = "forecast revision"
        verbose_name_plural = "forecast revisions"
        indexes = [
            # The latest forecast known on a date, per release and milestone (the board's flags).
            models.Index(fields=["release", "milestone", "recorded_on"], name="revision_known_on"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="forecast_revision_has_reason"),
            models.CheckConstraint(condition=~Q(forecast_as_written=""), name="forecast_revision_has_date"),
        ]

    def __str__(self):
        return f"{self.release} {self.get_milestone_display()} forecast {self.forecast_as_written}"

    def clean(self):
        if self.recorded_on and self.recorded_on > timezone.localdate():
            raise ValidationError(
                {"recorded_on": "Cannot be in the future: record a forecast once the Seller has given it."}
            )
        try:
            window = self.window(schedule_date=None)
        except ValueError as exc:
            raise ValidationError({"forecast_as_written": str(exc)}) from exc
        if window is None:
            raise ValidationError({"forecast_as_written": "A forecast needs a date, not 'Under Review'."})

    def window(self, *, schedule_date=None) -> DateWindow | None:
        """The forecast as a window. "Now" in a forecast means the day it was recorded."""
        return parse_window(self.forecast_as_written, schedule_date=schedule_date or self.recorded_on)


class Remedy(models.Model):
    """What the Seller does about a slip that impacts deployment (Amendment 3, Section 5).

    (a) an acceptable substitute, changed out to the required Product when available;
    (b) an acceptable non-Lucent substitute bought on the Customer's behalf, changed out when
    available; the purchase counts as a Lucent Product for the purchase commitment.
    """

    class Option(models.TextChoices):
        SUBSTITUTE = "a", "(a) acceptable substitute, changed out when available"
        NON_LUCENT = "b", "(b) non-Lucent substitute bought for the Customer"

    # What is recorded about a remedy: the recording form, the API and the release's remedies list.
    RECORDED_FIELDS = (
        "option",
        "agreed_on",
        "substitute_description",
        "substitute_supplier",
        "purchase_amount",
        "substitute_provided_on",
        "changed_out_on",
        "note",
    )

    release = models.ForeignKey(Release, verbose_name="release", on_delete=models.PROTECT, related_name="remedies")
    option = models.CharField("remedy", max_length=1, choices=Option.choices)
    agreed_on = models.DateField("agreed on", default=timezone.localdate)
    substitute_description = models.TextField("substitute")
    substitute_supplier = models.CharField(
        "substitute supplier", max_length=200, blank=True, help_text="Required for (b): who makes it."
    )
    purchase_amount = models.DecimalField(
        "purchase amount (USD)",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="For (b): counts toward the purchase commitment as a Lucent Product.",
    )
    substitute_provided_on = models.DateField("substitute provided on", null=True, blank=True)
    changed_out_on = models.DateField("changed out on", null=True, blank=True)
    note = models.TextField("note", blank=True)
    history = AuditedHistoricalRecords()

    objects = RemedyQuerySet.as_manager()

    class Meta:
        ordering = ["release_id", "agreed_on", "pk"]
        verbose_name = "remedy"
        verbose_name_plural = "remedies"
        indexes = [
            # Was a remedy agreed by a date, per release (the board's flags).
            models.Index(fields=["release", "agreed_on"], name="remedy_agreed_on"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(option__in=["a", "b"]), name="remedy_option_valid"),
            models.CheckConstraint(
                condition=Q(changed_out_on__isnull=True)
                | Q(
                    substitute_provided_on__isnull=False,
                    changed_out_on__gte=models.F("substitute_provided_on"),
                ),
                name="remedy_change_out_after_substitute",
            ),
            models.CheckConstraint(
                condition=Q(purchase_amount__isnull=True) | Q(option="b", purchase_amount__gte=0),
                name="remedy_purchase_amount_only_b",
            ),
        ]

    def __str__(self):
        return f"Remedy ({self.option}) for {self.release}"

    def get_absolute_url(self):
        return reverse("releases:release_detail", args=[self.release_id])

    def clean(self):
        errors = {}
        if self.option == self.Option.NON_LUCENT and not self.substitute_supplier.strip():
            errors["substitute_supplier"] = "Remedy (b) is a non-Lucent substitute: name its supplier."
        if self.purchase_amount is not None and self.option != self.Option.NON_LUCENT:
            errors["purchase_amount"] = "Only remedy (b) is a purchase on the Customer's behalf."
        if self.changed_out_on and not self.substitute_provided_on:
            errors["changed_out_on"] = "Record when the substitute was provided before its change-out."
        elif self.changed_out_on and self.substitute_provided_on and self.changed_out_on < self.substitute_provided_on:
            errors["changed_out_on"] = "The change-out cannot be before the substitute was provided."
        if errors:
            raise ValidationError(errors)

    def status_on(self, on: date) -> str:
        """Where the remedy stands on `on`: it is open until the change-out is done."""
        if self.changed_out_on and self.changed_out_on <= on:
            return "changed out"
        if self.substitute_provided_on and self.substitute_provided_on <= on:
            return "substitute in service, change-out pending"
        if self.agreed_on <= on:
            return "substitute to be provided"
        return "not yet agreed"

    @property
    def counts_toward_purchase_commitment(self) -> bool:
        return self.option == self.Option.NON_LUCENT
