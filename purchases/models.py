"""The purchase ledger: what a Customer bought under an agreement, what it was invoiced and paid.

A purchase records the buyer's facts as stated (product as entered, list price, the discount the
invoice applied, the amount paid). What the contract says about them (the contractual discount on
the order date, whether the buyer was a Customer, whether the order falls in the Term) is never
stored here: it is computed from the agreed records (`purchases.checks`), so a later amendment, even a
retroactive one, changes the answer without touching the purchase.

The product fields are the inputs the quote engine takes (`pricing.results.LineRequest`), so a
purchase is priced by the same code as a quote line.
"""

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from contracts.models import Agreement, LegalEntity
from core.history import AuditedHistoricalRecords
from pricing.choices import Component
from purchases.conditions import PurchaseCondition
from purchases.querysets import PurchaseQuerySet
from releases.models import Remedy

USD = "USD"
MAX_QUANTITY = 1_000_000  # as a quote line: more is a typing error, not an order


class Purchase(models.Model):
    """One line bought: an order of a quantity of one product by one buying entity."""

    # What is recorded about a purchase: the form, the import and the API write these.
    RECORDED_FIELDS = (
        "agreement",
        "buyer",
        "po_reference",
        "invoice_reference",
        "invoice_date",
        "product_as_entered",
        "component",
        "condition",
        "order_code",
        "stsx1_cards_added",
        "installed_at_one_time",
        "packet_components",
        "quoted_unit_price",
        "comparable_5ess_price",
        "order_date",
        "ship_date",
        "quantity",
        "list_price",
        "invoiced_percent",
        "amount_paid",
        "currency",
        "remedy",
        "supplier",
        "notes",
    )

    agreement = models.ForeignKey(
        Agreement, verbose_name="agreement", on_delete=models.PROTECT, related_name="purchases"
    )
    buyer = models.ForeignKey(
        LegalEntity,
        verbose_name="buying entity",
        on_delete=models.PROTECT,
        related_name="purchases",
        help_text="The entity that placed the order; a Customer on the order date gets the contract's terms.",
    )
    po_reference = models.CharField("PO reference", max_length=60, blank=True)
    invoice_reference = models.CharField("invoice reference", max_length=60, blank=True)
    invoice_date = models.DateField(
        "invoice date",
        null=True,
        blank=True,
        help_text="The terms as agreed on this date are what the invoice should have applied.",
    )
    # The product as the buyer states it, and the engine's other inputs (pricing.results.LineRequest).
    product_as_entered = models.CharField("product as entered", max_length=300)
    component = models.CharField("component", max_length=30, choices=Component.choices, blank=True)
    condition = models.CharField("condition", max_length=30, choices=PurchaseCondition.choices, blank=True)
    order_code = models.CharField("order code", max_length=60, blank=True)
    stsx1_cards_added = models.PositiveIntegerField(
        "STSX-1 cards added", null=True, blank=True, validators=[MaxValueValidator(MAX_QUANTITY)]
    )
    installed_at_one_time = models.BooleanField(
        "packet components installed at one time",
        default=False,
        help_text="A-1.26 Packet Solution: one each of its three components, purchased and installed at one time.",
    )
    packet_components = models.CharField(
        "packet components bought with it", max_length=200, blank=True, help_text="Comma-separated."
    )
    quoted_unit_price = models.DecimalField(
        "firm quotation unit price", max_digits=14, decimal_places=2, null=True, blank=True
    )
    comparable_5ess_price = models.DecimalField(
        "comparable 5ESS price", max_digits=14, decimal_places=2, null=True, blank=True
    )
    order_date = models.DateField("order date")
    ship_date = models.DateField("ship date", null=True, blank=True)
    quantity = models.PositiveIntegerField(
        "quantity", default=1, validators=[MinValueValidator(1), MaxValueValidator(MAX_QUANTITY)]
    )
    list_price = models.DecimalField(
        "unit list price", max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    invoiced_percent = models.DecimalField(
        "discount invoiced (%)",
        max_digits=6,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text="Blank when the invoice does not show it (unknown, not 0%).",
    )
    amount_paid = models.DecimalField("amount paid", max_digits=14, decimal_places=2, null=True, blank=True)
    currency = models.CharField("currency", max_length=3, default=USD)
    # A purchase made from another supplier under a slip remedy (b) (Amendment 3, Section 5).
    remedy = models.ForeignKey(
        Remedy,
        verbose_name="slip remedy",
        on_delete=models.PROTECT,
        related_name="purchases",
        null=True,
        blank=True,
        limit_choices_to={"option": Remedy.Option.NON_LUCENT},
        help_text="For a non-Lucent substitute bought under remedy (b): the remedy that allowed it.",
    )
    supplier = models.CharField("supplier", max_length=200, blank=True, help_text="Blank: the agreement's Seller.")
    notes = models.TextField("notes", blank=True)
    history = AuditedHistoricalRecords()

    objects = PurchaseQuerySet.as_manager()

    class Meta:
        ordering = ["-order_date", "-pk"]
        verbose_name = "purchase"
        verbose_name_plural = "purchases"
        indexes = [
            models.Index(fields=["agreement", "order_date"], name="purchase_by_agreement_date"),
            models.Index(fields=["buyer", "order_date"], name="purchase_by_buyer_date"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="purchase_quantity_positive"),
            models.CheckConstraint(condition=Q(list_price__gte=0), name="purchase_list_price_not_negative"),
            models.CheckConstraint(
                condition=Q(invoiced_percent__isnull=True) | Q(invoiced_percent__gte=0, invoiced_percent__lte=100),
                name="purchase_invoiced_percent_range",
            ),
            models.CheckConstraint(
                condition=Q(ship_date__isnull=True) | Q(ship_date__gte=models.F("order_date")),
                name="purchase_ships_after_order",
            ),
        ]

    def __str__(self) -> str:
        reference = self.po_reference or self.invoice_reference or f"#{self.pk}"
        return f"{reference}: {self.quantity} × {self.product_as_entered} ({self.order_date:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("purchases:purchase_detail", args=[self.pk])

    def clean(self) -> None:
        """Cross-field rules, each reported on the field the user has to change."""
        errors: dict[str, str] = {}
        if self.ship_date and self.order_date and self.ship_date < self.order_date:
            errors["ship_date"] = "The ship date is before the order date."
        if self.remedy_id is not None and self.agreement_id is not None:
            remedy_agreement = (
                Remedy.objects.filter(pk=self.remedy_id)
                .values_list("release__group__product_line__schedule__amendment__agreement", flat=True)
                .first()
            )
            if remedy_agreement is not None and remedy_agreement != self.agreement_id:
                errors["remedy"] = "This remedy is for a release of another agreement."
        if not re.fullmatch(r"[A-Z]{3}", self.currency or ""):
            errors["currency"] = "A currency is its three-letter ISO 4217 code in capitals, such as USD."
        if self.remedy_id is not None and not self.supplier.strip():
            errors["supplier"] = "A purchase under a remedy (b) was made elsewhere: name the supplier."
        if errors:
            raise ValidationError(errors)

    @property
    def list_amount(self) -> Decimal:
        """List price × quantity: what the line costs before any discount."""
        return self.list_price * self.quantity
