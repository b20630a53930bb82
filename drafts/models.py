"""A draft amendment (or a draft new agreement) and the changes it will make once executed.

Each part is a small record of its own, edited in an inline formset on the draft page:
customers added or removed, provisions added, replaced or deleted, discount lines added, replaced
or ended, warranty terms, release rows added or revised, signatures. The Term change and, for a new
agreement, its parties are fields of the draft itself. Nothing here is read by any answer of the
other apps; `drafts.execution` turns a draft into an executed amendment in one transaction.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from contracts.models import Provision
from core.history import AuditedHistoricalRecords
from core.validators import date_range_errors
from pricing.choices import Component, Condition


class AmendmentDraft(models.Model):
    """An amendment being written: unsigned, it changes no answer until a contract admin executes it."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        APPROVED = "approved", "Approved, awaiting execution"
        EXECUTED = "executed", "Executed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    agreement = models.ForeignKey(
        "contracts.Agreement",
        verbose_name="agreement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="drafts",
        help_text="Empty for a new agreement: executing creates it.",
    )
    number = models.PositiveSmallIntegerField(
        "amendment number", help_text="0 for a new agreement's own terms (the General Agreement as signed)."
    )
    effective_date = models.DateField("effective date")
    title = models.TextField("title", blank=True)
    note = models.TextField("note", blank=True)
    # The Term (Section 1.2), when this amendment changes it.
    term_expiry_date = models.DateField("Term expires on", null=True, blank=True)
    term_section = models.CharField("Term: amendment section", max_length=40, blank=True)
    # A new agreement's own particulars (empty for an amendment to an existing agreement).
    new_contract_number = models.CharField("contract number", max_length=40, blank=True)
    new_title = models.CharField("agreement title", max_length=200, blank=True)
    new_seller = models.ForeignKey(
        "contracts.LegalEntity",
        verbose_name="seller",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    new_requires_second_approval = models.BooleanField("executing needs a second contract admin", default=False)

    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.DRAFT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="author", on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="approved by",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField("approved at", null=True, blank=True)
    retroactive_confirmed = models.BooleanField("retroactive dates confirmed", default=False)
    executed_amendment = models.OneToOneField(
        "contracts.Amendment",
        verbose_name="executed as",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="draft",
    )
    created_at = models.DateTimeField("created", auto_now_add=True)
    history = AuditedHistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "amendment draft"
        verbose_name_plural = "amendment drafts"
        indexes = [models.Index(fields=["agreement", "status"], name="draft_agreement_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(agreement__isnull=False) | ~Q(new_contract_number=""),
                name="draft_agreement_or_new_number",
            ),
        ]

    def __str__(self):
        if self.agreement is None:
            return f"New agreement {self.new_contract_number} (draft)"
        return f"Amendment {self.number} to {self.agreement.contract_number} ({self.get_status_display().lower()})"

    def get_absolute_url(self):
        return reverse("drafts:draft_detail", args=[self.pk])

    @property
    def is_new_agreement(self) -> bool:
        return self.agreement_id is None

    @property
    def is_open(self) -> bool:
        """Still editable: neither executed nor withdrawn."""
        return self.status in (self.Status.DRAFT, self.Status.APPROVED)


class DraftPart(models.Model):
    """What every part has: its draft, the amendment section that makes the change, a note."""

    amendment_section = models.CharField("amendment section", max_length=40, blank=True)
    note = models.TextField("note", blank=True)

    class Meta:
        abstract = True


class CustomerChange(DraftPart):
    class Action(models.TextChoices):
        ADD = "add", "Add as Customer"
        REMOVE = "remove", "Remove as Customer"

    draft = models.ForeignKey(AmendmentDraft, on_delete=models.CASCADE, related_name="customer_changes")
    action = models.CharField("change", max_length=10, choices=Action.choices, default=Action.ADD)
    entity = models.ForeignKey(
        "contracts.LegalEntity", verbose_name="entity", on_delete=models.PROTECT, related_name="+"
    )
    on = models.DateField(
        "from / until",
        null=True,
        blank=True,
        help_text="Added: Customer from (may precede the amendment). Removed: last day as Customer. "
        "Blank: the amendment's effective date (added) or the day before it (removed).",
    )
    defined_term = models.CharField("defined term", max_length=80, blank=True)
    history = AuditedHistoricalRecords()

    class Meta:
        ordering = ["draft_id", "id"]
        verbose_name = "customer change"
        constraints = [
            models.UniqueConstraint(fields=["draft", "entity"], name="draft_customer_change_unique"),
        ]

    def __str__(self):
        return f"{self.get_action_display()}: {self.entity}"


class ProvisionChange(DraftPart):
    class Action(models.TextChoices):
        ADD = "add", "Add"
        REPLACE = "replace", "Replace"
        AMEND = "amend", "Amend in part"
        DELETE = "delete", "Delete"

    draft = models.ForeignKey(AmendmentDraft, on_delete=models.CASCADE, related_name="provision_changes")
    action = models.CharField("change", max_length=10, choices=Action.choices, default=Action.ADD)
    provision = models.ForeignKey(
        "contracts.Provision",
        verbose_name="provision changed",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Blank when adding a provision.",
    )
    part = models.CharField(
        "part",
        max_length=40,
        choices=Provision.Part.choices,
        default=Provision.Part.GENERAL_AGREEMENT,
    )
    section = models.CharField("section", max_length=40, blank=True)
    title = models.CharField("title", max_length=200, blank=True)
    text = models.TextField("text as written", blank=True)
    valid_from = models.DateField("valid from", null=True, blank=True, help_text="Blank: the effective date.")
    cited_place = models.CharField(
        "place in the signed document",
        max_length=100,
        blank=True,
        help_text="Where the signed document prints it: “page 2”, “§3(b)”. Cited when the draft is executed.",
    )
    history = AuditedHistoricalRecords()

    class Meta:
        ordering = ["draft_id", "id"]
        verbose_name = "provision change"

    def __str__(self):
        target = self.provision or f"{self.part} {self.section} {self.title}".strip()
        return f"{self.get_action_display()}: {target}"

    def clean(self):
        errors = {}
        if self.action == self.Action.ADD and self.provision_id:
            errors["provision"] = "Leave empty when adding a provision; give its section and title."
        if self.action != self.Action.ADD and not self.provision_id:
            errors["provision"] = "Name the provision this amendment changes."
        if self.action != self.Action.DELETE and not self.text.strip():
            errors["text"] = "Give the text as the amendment writes it."
        if self.action == self.Action.ADD and not (self.section or self.title):
            errors["section"] = "Give the new provision's section or title."
        if errors:
            raise ValidationError(errors)


class DiscountChange(DraftPart):
    """A discount line the amendment adds, replaces or ends, on one schedule of the agreement."""

    class Action(models.TextChoices):
        ADD = "add", "Add a line"
        REPLACE = "replace", "Replace a line"
        END = "end", "End a line"

    draft = models.ForeignKey(AmendmentDraft, on_delete=models.CASCADE, related_name="discount_changes")
    action = models.CharField("change", max_length=10, choices=Action.choices, default=Action.ADD)
    schedule = models.ForeignKey(
        "pricing.DiscountSchedule",
        verbose_name="schedule",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Blank for a new schedule: give its section and title.",
    )
    new_schedule_section = models.CharField("new schedule: section", max_length=20, blank=True)
    new_schedule_title = models.CharField("new schedule: title", max_length=200, blank=True)
    line = models.ForeignKey(
        "pricing.DiscountLine",
        verbose_name="line replaced or ended",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    product_name = models.CharField(
        "product", max_length=300, blank=True, help_text="As the amendment writes it; a new name adds a product."
    )
    component = models.CharField("component", max_length=30, choices=Component.choices, blank=True)
    condition = models.CharField("condition", max_length=30, choices=Condition.choices, blank=True)
    percent = models.DecimalField(
        "discount %",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="0 is a real 0%. Blank when the amendment gives no number: say why.",
    )
    no_number_reason = models.CharField(
        "no number — see", max_length=200, blank=True, help_text="e.g. 'see 1.15.1 below'"
    )
    valid_from = models.DateField("valid from", null=True, blank=True, help_text="Blank: the effective date.")
    valid_to = models.DateField("valid to", null=True, blank=True)
    footnotes = models.CharField("footnote marks", max_length=40, blank=True)
    cited_place = models.CharField(
        "place in the signed document",
        max_length=100,
        blank=True,
        help_text="Where the signed document prints it: “page 2”, “§3(b)”. Cited when the draft is executed.",
    )
    history = AuditedHistoricalRecords()

    class Meta:
        ordering = ["draft_id", "id"]
        verbose_name = "discount change"

    def __str__(self):
        return f"{self.get_action_display()}: {self.product_name or self.line}"

    def clean(self):
        errors = date_range_errors(self.valid_from, self.valid_to, field="valid_to", start_label="'valid from'")
        if self.action == self.Action.ADD:
            if self.line_id:
                errors["line"] = "Leave empty when adding a line."
            if not self.schedule_id and not self.new_schedule_section:
                errors["schedule"] = "Pick the schedule, or give a new schedule's section."
            if not self.product_name.strip():
                errors["product_name"] = "Name the product as the amendment writes it."
        else:
            if not self.line_id:
                errors["line"] = "Pick the line this amendment replaces or ends."
        if self.action != self.Action.END:
            if self.percent is None and not self.no_number_reason.strip():
                errors["percent"] = "Give the percent (0 is a real 0%), or say why there is no number."
            if self.percent is not None and self.no_number_reason.strip():
                errors["no_number_reason"] = "Leave empty when the line has a percent."
        if errors:
            raise ValidationError(errors)


class WarrantyChange(DraftPart):
    """A warranty term the amendment sets for a schedule or product."""

    draft = models.ForeignKey(AmendmentDraft, on_delete=models.CASCADE, related_name="warranty_changes")
    schedule = models.ForeignKey(
        "pricing.DiscountSchedule", verbose_name="schedule", on_delete=models.PROTECT, related_name="+"
    )
    applies_to_as_written = models.CharField("applies to as written", max_length=300, blank=True)
    component = models.CharField("component", max_length=30, choices=Component.choices, blank=True)
    months = models.PositiveSmallIntegerField("months", null=True, blank=True)
    days = models.PositiveSmallIntegerField("days", null=True, blank=True)
    text = models.TextField("text as written")
    history = AuditedHistoricalRecords()

    class Meta:
        ordering = ["draft_id", "id"]
        verbose_name = "warranty change"

    def __str__(self):
        return f"Warranty: {self.applies_to_as_written or self.schedule}"

    def clean(self):
        if self.months is None and self.days is None:
            raise ValidationError({"months": "Give the warranty period in months or days."})


class ReleaseChange(DraftPart):
    """A release schedule row the amendment adds, or the committed dates it revises."""

    class Action(models.TextChoices):
        ADD = "add", "Add a release"
        REVISE = "revise", "Revise committed dates"

    draft = models.ForeignKey(AmendmentDraft, on_delete=models.CASCADE, related_name="release_changes")
    action = models.CharField("change", max_length=10, choices=Action.choices, default=Action.REVISE)
    release = models.ForeignKey(
        "releases.Release",
        verbose_name="release revised",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    product_line_name = models.CharField("product line (new row)", max_length=200, blank=True)
    name_as_written = models.CharField("release (new row)", max_length=200, blank=True)
    ci_fsa_as_written = models.CharField(
        "CI/FSA as written", max_length=40, blank=True, help_text="e.g. 4Q99, 1/00, Now, Under Review"
    )
    ga_as_written = models.CharField("GA as written", max_length=40, blank=True)
    history = AuditedHistoricalRecords()

    class Meta:
        ordering = ["draft_id", "id"]
        verbose_name = "release change"

    def __str__(self):
        return f"{self.get_action_display()}: {self.release or self.name_as_written}"

    def clean(self):
        from releases.datewindows import check_date_text

        errors = {}
        if self.action == self.Action.REVISE and not self.release_id:
            errors["release"] = "Pick the release whose dates this amendment revises."
        if self.action == self.Action.ADD:
            if self.release_id:
                errors["release"] = "Leave empty when adding a release."
            if not self.product_line_name.strip():
                errors["product_line_name"] = "Name the product line (an existing one or a new one)."
            if not self.name_as_written.strip():
                errors["name_as_written"] = "Name the release as the amendment writes it."
        if not (self.ci_fsa_as_written or self.ga_as_written):
            errors["ga_as_written"] = "Give the GA or CI/FSA date as written."
        for field in ("ci_fsa_as_written", "ga_as_written"):
            try:
                check_date_text(getattr(self, field))
            except ValueError as problem:
                errors[field] = str(problem)
        if errors:
            raise ValidationError(errors)


class SignatureChange(DraftPart):
    """A signature block of the amendment as it will be printed; blanks stay blank."""

    draft = models.ForeignKey(AmendmentDraft, on_delete=models.CASCADE, related_name="signatures")
    entity = models.ForeignKey(
        "contracts.LegalEntity",
        verbose_name="for",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    signatory = models.CharField("signatory", max_length=200, blank=True)
    title = models.CharField("title", max_length=200, blank=True)
    date = models.DateField("date", null=True, blank=True)
    history = AuditedHistoricalRecords()

    class Meta:
        ordering = ["draft_id", "id"]
        verbose_name = "signature"

    def __str__(self):
        return f"{self.signatory or 'unnamed signatory'} for {self.entity or 'unnamed entity'}"
