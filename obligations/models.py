"""What the parties owe each other under an agreement, as the amendments say it, and what was done about it.

Transcribed from the data file (`obligations.datafile`): the training incentive's rule (A-1.24: dollar
threshold, seats per threshold, the product groups, how long a seat lasts) and every commitment with
its source clause and measure. Recorded by contract admins: the seats used. Whether a commitment is
met, how many seats were earned and when they lapse are computed when asked (`obligations.training`,
`obligations.register`), never stored, so a purchase recorded or corrected later changes the answer.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from contracts.models import Agreement, Amendment, ProvisionVersion
from core.history import AuditedHistoricalRecords


def _check_clause(obj: "TrainingIncentive | Commitment") -> None:
    """The amendment is the agreement's, and the clause cited is one that amendment gave."""
    if obj.agreement_id and obj.amendment_id and obj.amendment.agreement_id != obj.agreement_id:
        raise ValidationError({"amendment": "The amendment must belong to the agreement."})
    if obj.clause is not None and obj.amendment_id and obj.clause.amendment_id != obj.amendment_id:
        raise ValidationError({"clause": "The clause must be one the amendment gave."})


def clause_url(obj: "TrainingIncentive | Commitment") -> str:
    """Where the clause is read: its provision on the agreement page, else the amendment's page."""
    if obj.clause is not None:
        return f"{reverse('contracts:agreement_detail', args=[obj.agreement_id])}#provision-{obj.clause.provision_id}"
    return obj.amendment.get_absolute_url()


class Party(models.TextChoices):
    CUSTOMER = "customer", "Customer"
    SELLER = "seller", "Seller"
    BOTH = "both", "Customer and Seller"


class TrainingIncentive(models.Model):
    """A training incentive clause: seats earned per dollars of purchases of named product groups."""

    agreement = models.ForeignKey(
        Agreement, verbose_name="agreement", on_delete=models.PROTECT, related_name="training_incentives"
    )
    key = models.SlugField("key", max_length=80)
    amendment = models.ForeignKey(
        Amendment, verbose_name="amendment", on_delete=models.PROTECT, related_name="training_incentives"
    )
    amendment_section = models.CharField("amendment section", max_length=40, blank=True)
    section = models.CharField("agreement section", max_length=40, help_text="As cited: “A-1.24”.")
    clause = models.ForeignKey(
        ProvisionVersion,
        verbose_name="clause",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="training_incentives",
        help_text="The provision text, as its amendment gave it, that states the rule.",
    )
    threshold = models.DecimalField(
        "dollars per block",
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text="Each full block of this many dollars of a group's purchases earns the seats.",
    )
    seats_per_threshold = models.PositiveSmallIntegerField("seats per block", validators=[MinValueValidator(1)])
    use_within_months = models.PositiveSmallIntegerField(
        "use within (months after shipment)", validators=[MinValueValidator(1)]
    )
    course = models.CharField("course", max_length=200, blank=True)
    note = models.TextField("note", blank=True)
    history = AuditedHistoricalRecords()

    class Meta:
        ordering = ["agreement_id", "section", "key"]
        verbose_name = "training incentive"
        verbose_name_plural = "training incentives"
        constraints = [
            models.UniqueConstraint(fields=["agreement", "key"], name="training_incentive_key_unique"),
            models.CheckConstraint(condition=Q(threshold__gt=0), name="training_incentive_threshold_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.section} training incentive ({self.amendment})"

    def get_absolute_url(self) -> str:
        return f"{reverse('obligations:training')}?agreement={self.agreement.contract_number}"

    def clean(self) -> None:
        _check_clause(self)


class TrainingProductGroup(models.Model):
    """One lettered group of an incentive (A-1.24 (a), (b)): its products' purchases are added up apart."""

    incentive = models.ForeignKey(
        TrainingIncentive, verbose_name="incentive", on_delete=models.CASCADE, related_name="groups"
    )
    key = models.SlugField("key", max_length=80)
    position = models.PositiveSmallIntegerField("position", default=0)
    clause = models.CharField("clause", max_length=40, help_text="As cited: “A-1.24(a)”.")
    products = models.TextField(
        "products", help_text="One per line, as the discount schedule names them (any of a product's names)."
    )
    history = AuditedHistoricalRecords()

    class Meta:
        ordering = ["incentive_id", "position", "key"]
        verbose_name = "training product group"
        verbose_name_plural = "training product groups"
        constraints = [
            models.UniqueConstraint(fields=["incentive", "key"], name="training_group_key_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.clause}: {', '.join(self.product_list)}"

    @property
    def product_list(self) -> list[str]:
        return [name.strip() for name in self.products.split("\n") if name.strip()]


class SeatUse(models.Model):
    """One tuition-free seat taken: who attended which course, on which date; recorded by a contract admin."""

    incentive = models.ForeignKey(
        TrainingIncentive, verbose_name="incentive", on_delete=models.PROTECT, related_name="seat_uses"
    )
    attendee = models.CharField("attendee", max_length=200)
    course = models.CharField("course", max_length=200)
    used_on = models.DateField("course date", help_text="The first day of the course: the seat is used then.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="recorded by",
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    note = models.TextField("note", blank=True)
    history = AuditedHistoricalRecords()

    class Meta:
        ordering = ["-used_on", "-pk"]
        verbose_name = "seat use"
        verbose_name_plural = "seat uses"
        indexes = [models.Index(fields=["incentive", "used_on"], name="seatuse_incentive_date")]

    def __str__(self) -> str:
        return f"{self.attendee}: {self.course} ({self.used_on:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("obligations:seatuse_edit", args=[self.pk])


class Commitment(models.Model):
    """One obligation an amendment states: whose, where, and its measure as written.

    The measures are what the clause states (cities, dollars, a percent, a date); a measure the clause
    does not give is empty, never zero. `kind` says which computed status applies (`obligations.register`).
    """

    class Kind(models.TextChoices):
        EXCLUSIVE_PROCUREMENT = "exclusive_procurement", "Exclusive procurement"
        FINANCING_CONTINGENCY = "financing_contingency", "Financing contingency"
        NETWORK_STANDARDIZATION = "network_standardization", "Network standardization"
        MINIMUM_SAVINGS = "minimum_savings", "Minimum savings"
        SLIP_REMEDY = "slip_remedy", "Slip remedies"
        TRAINING_SEATS = "training_seats", "Training seats"
        NOTICE = "notice", "Notice period"
        TERM_EXPIRY = "term_expiry", "Term expiry"

    agreement = models.ForeignKey(
        Agreement, verbose_name="agreement", on_delete=models.PROTECT, related_name="commitments"
    )
    key = models.SlugField("key", max_length=80)
    position = models.PositiveSmallIntegerField("position", default=0)
    kind = models.CharField("kind", max_length=30, choices=Kind.choices)
    obligor = models.CharField("whose obligation", max_length=10, choices=Party.choices)
    obligor_entities = models.JSONField(
        "obligated entities",
        default=list,
        blank=True,
        help_text="Entity keys when the clause binds only some Customer entities; empty: the whole party.",
    )
    title = models.CharField("title", max_length=200)
    amendment = models.ForeignKey(
        Amendment, verbose_name="amendment", on_delete=models.PROTECT, related_name="commitments"
    )
    amendment_section = models.CharField("amendment section", max_length=40, blank=True)
    clause = models.ForeignKey(
        ProvisionVersion,
        verbose_name="clause",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commitments",
        help_text="The provision text, as its amendment gave it, that states the commitment.",
    )
    summary = models.TextField("what is owed", help_text="In the clause's own terms.")
    tier_iii_cities = models.PositiveIntegerField("Tier III cities", null=True, blank=True)
    tier_iv_cities = models.PositiveIntegerField("Tier IV cities", null=True, blank=True)
    amount = models.DecimalField("dollars", max_digits=14, decimal_places=2, null=True, blank=True)
    percent = models.DecimalField(
        "percent",
        max_digits=6,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    due_date = models.DateField("date", null=True, blank=True)
    note = models.TextField("note", blank=True)
    history = AuditedHistoricalRecords()

    class Meta:
        ordering = ["agreement_id", "position", "key"]
        verbose_name = "commitment"
        verbose_name_plural = "commitments"
        constraints = [
            models.UniqueConstraint(fields=["agreement", "key"], name="commitment_key_unique"),
            models.CheckConstraint(
                condition=Q(percent__isnull=True) | Q(percent__gte=0, percent__lte=100),
                name="commitment_percent_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.amendment} §{self.amendment_section})".replace(" §)", ")")

    def get_absolute_url(self) -> str:
        return f"{reverse('obligations:commitments')}?agreement={self.agreement.contract_number}#{self.key}"

    def clean(self) -> None:
        _check_clause(self)

    @property
    def source(self) -> str:
        """The clause as cited: "Amendment 2 §3"."""
        return f"{self.amendment} §{self.amendment_section}" if self.amendment_section else str(self.amendment)
