"""Discount schedules as the amendments print them: tables, rows, footnote rules, warranty terms.

What is stored is what the documents say, nothing derived:
- a line's `valid_from` / `valid_to` are the validity its table states (a table that says "effective
  as of June 30, 1998" starts then, even though its amendment is dated later);
- a table that *replaces* an earlier one does not write an end date onto the older lines. Which table
  is in force is decided when asked (`pricing.in_force`, on `core.pointintime.supersession`), because
  the answer depends on which amendments count ("as agreed on" a date).

Default orderings name own columns only (see `contracts.models`).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from contracts.citations import citation_errors
from contracts.datafile import row_key
from contracts.names import NormalizedNameModel, normalize_name
from core.history import AuditedHistoricalRecords
from core.validators import date_range_errors
from pricing.choices import Component, Condition, RuleKind, TableAction
from pricing.querysets import DiscountLineQuerySet, ProductQuerySet


class DiscountSchedule(models.Model):
    """A discount section of Appendix A, e.g. A-1.15 Transmission Systems Products."""

    agreement = models.ForeignKey(
        "contracts.Agreement", verbose_name="agreement", on_delete=models.PROTECT, related_name="schedules"
    )
    section = models.CharField("section", max_length=20)
    title = models.CharField("title", max_length=200)
    history = AuditedHistoricalRecords()

    class Meta:
        ordering = ["agreement_id", "section"]
        verbose_name = "discount schedule"
        verbose_name_plural = "discount schedules"
        constraints = [
            models.UniqueConstraint(fields=["agreement", "section"], name="schedule_section_unique"),
        ]

    def __str__(self):
        return f"{self.section} {self.title}"


class Product(NormalizedNameModel):
    """A product as a discount row names it (without the component suffix), on one schedule."""

    schedule = models.ForeignKey(
        DiscountSchedule, verbose_name="schedule", on_delete=models.PROTECT, related_name="products"
    )
    name = models.CharField("name as written", max_length=200)
    normalized_name = models.CharField(max_length=200, db_index=True, editable=False)
    family = models.CharField("product family", max_length=200, blank=True)
    note = models.TextField("note", blank=True)
    history = AuditedHistoricalRecords()

    objects = ProductQuerySet.as_manager()

    class Meta:
        ordering = ["schedule_id", "name"]
        verbose_name = "product"
        verbose_name_plural = "products"
        constraints = [
            models.UniqueConstraint(fields=["schedule", "normalized_name"], name="product_name_unique"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("pricing:product_detail", args=[self.pk])

    def clean(self):
        self.normalized_name = normalize_name(self.name)
        if not self.normalized_name:
            raise ValidationError({"name": "A product name needs at least one letter or digit."})


class ProductName(NormalizedNameModel):
    """Another name the documents use for a product: the row as printed, former name, abbreviation."""

    class Kind(models.TextChoices):
        AS_WRITTEN = "as_written", "Row as printed"
        FORMER = "former", "Former name"
        ABBREVIATION = "abbreviation", "Abbreviation"
        ORDER_CODE = "order_code", "Order code"

    product = models.ForeignKey(Product, verbose_name="product", on_delete=models.CASCADE, related_name="other_names")
    name = models.CharField("name", max_length=300)
    normalized_name = models.CharField(max_length=300, db_index=True, editable=False)
    kind = models.CharField("kind", max_length=20, choices=Kind.choices)
    component = models.CharField(
        "component it names",
        max_length=30,
        choices=Component.choices,
        blank=True,
        help_text="For a row name such as 'DDM-2000 OC-12 Shelf': the component the name implies.",
    )
    history = AuditedHistoricalRecords()

    class Meta:
        ordering = ["product_id", "kind", "name"]
        verbose_name = "product name"
        verbose_name_plural = "product names"
        constraints = [
            models.UniqueConstraint(fields=["product", "name"], name="productname_unique"),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_kind_display()} of {self.product})"


class DiscountTable(models.Model):
    """One discount table printed in an amendment (or a section with rules but no rows, as A-1.26)."""

    key = models.SlugField("key", max_length=80, unique=True)
    schedule = models.ForeignKey(
        DiscountSchedule, verbose_name="schedule", on_delete=models.PROTECT, related_name="tables"
    )
    amendment = models.ForeignKey(
        "contracts.Amendment",
        verbose_name="amendment",
        on_delete=models.PROTECT,
        related_name="discount_tables",
    )
    amendment_section = models.CharField("amendment section", max_length=40, blank=True)
    action = models.CharField("action", max_length=10, choices=TableAction.choices)
    valid_from = models.DateField("valid from")
    valid_from_note = models.TextField("why this start date", blank=True)
    heading_as_written = models.CharField("heading as written", max_length=200, blank=True)
    schedule_title_as_written = models.CharField(
        "schedule title as this amendment writes it",
        max_length=200,
        blank=True,
        help_text="Blank when it is the schedule's title (the first amendment's spelling).",
    )
    columns = models.TextField("column headings", blank=True, help_text="One per line, as printed.")
    default_component = models.CharField("default component", max_length=30, choices=Component.choices, blank=True)
    footnotes = models.TextField("footnotes", blank=True, help_text="Each footnote as printed.")
    note = models.TextField("note", blank=True)
    history = AuditedHistoricalRecords()

    class Meta:
        ordering = ["schedule_id", "valid_from", "key"]
        verbose_name = "discount table"
        verbose_name_plural = "discount tables"

    def __str__(self):
        return f"{self.schedule.section} as printed in {self.amendment} §{self.amendment_section}"

    def clean(self):
        if self.schedule_id and self.amendment_id and self.schedule.agreement_id != self.amendment.agreement_id:
            raise ValidationError({"amendment": "The amendment must belong to the schedule's agreement."})

    @property
    def is_retroactive(self):
        return self.valid_from < self.amendment.effective_date


class DiscountRule(models.Model):
    """A footnote or paragraph that changes how a table's discounts apply, transcribed by kind.

    The data (percent, order code, card threshold) lives here; what each kind means is decided
    in one place, `pricing.engine`.

    `key` names the rule within its table for good (the data file matches rules by it, never by
    position). Left blank, `ensure_key()` (called by `clean()` and `save()`) derives it from the kind.
    """

    table = models.ForeignKey(DiscountTable, verbose_name="table", on_delete=models.PROTECT, related_name="rules")
    key = models.SlugField("key", max_length=80, blank=True, help_text="Stable within the table; never changes.")
    position = models.PositiveSmallIntegerField("position")
    kind = models.CharField("kind", max_length=30, choices=RuleKind.choices)
    text_ref = models.CharField("footnote mark or place", max_length=60, blank=True)
    text = models.TextField("text as written")
    percent = models.DecimalField(
        "percent",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    order_code = models.CharField("order code", max_length=60, blank=True)
    applies_to = models.CharField("applies to", max_length=200, blank=True)
    parameters = models.JSONField("other parameters", default=dict, blank=True)
    history = AuditedHistoricalRecords()

    class Meta:
        ordering = ["table_id", "position"]
        verbose_name = "discount rule"
        verbose_name_plural = "discount rules"
        indexes = [models.Index(fields=["table", "position"], name="discountrule_table_order")]
        constraints = [
            models.UniqueConstraint(fields=["table", "key"], name="discountrule_key_unique"),
            models.CheckConstraint(condition=~Q(key=""), name="discountrule_has_key"),
            models.CheckConstraint(
                condition=Q(percent__isnull=True) | Q(percent__gte=0, percent__lte=100),
                name="discountrule_percent_range",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.table.schedule.section} {self.text_ref})".strip()

    def save(self, *args, **kwargs):
        self.ensure_key()
        super().save(*args, **kwargs)

    def clean(self):
        self.ensure_key()

    def ensure_key(self):
        """Give a new rule its key: its kind, made unique within the table."""
        if not self.key and self.table_id:
            taken = set(
                DiscountRule.objects.filter(table_id=self.table_id).exclude(pk=self.pk).values_list("key", flat=True)
            )
            self.key = row_key(self.kind, taken, fallback="rule")


class DiscountLine(models.Model):
    """One discount cell: a product, its component and condition, the percent or why there is none.

    `amendment` repeats the table's amendment so the database can refuse two lines of one
    amendment for the same product, component and condition with overlapping validity. Lines of
    different amendments may overlap: the later-agreed one prevails (see `pricing.engine`).

    `key` names the table's row for good: the cells of one row (one line per column) share it, and
    the data file matches lines by (key, column), never by position. Left blank, `ensure_key()`
    (called by `clean()` and `save()`) derives it from `product_as_written`, with a suffix when the
    table already has that key in the same column.
    """

    table = models.ForeignKey(DiscountTable, verbose_name="table", on_delete=models.PROTECT, related_name="lines")
    amendment = models.ForeignKey(
        "contracts.Amendment", verbose_name="amendment", on_delete=models.PROTECT, related_name="+"
    )
    key = models.SlugField("row key", max_length=80, blank=True, help_text="Stable within the table; never changes.")
    position = models.PositiveSmallIntegerField("row")
    column = models.CharField("column as printed", max_length=100, blank=True)
    product = models.ForeignKey(
        Product, verbose_name="product", on_delete=models.PROTECT, related_name="discount_lines"
    )
    product_as_written = models.CharField("row as written", max_length=300)
    component = models.CharField(
        "component",
        max_length=30,
        choices=Component.choices,
        blank=True,
        help_text="Blank: the row names none and its table has no default (the product as a whole).",
    )
    condition = models.CharField("condition", max_length=30, choices=Condition.choices, blank=True)
    percent = models.DecimalField(
        "discount %",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="Blank when the cell gives no number; say why in 'no number reason'.",
    )
    percent_as_written = models.CharField("cell as written", max_length=100, blank=True)
    no_number_reason = models.CharField("no number reason", max_length=200, blank=True)
    valid_from = models.DateField("valid from")
    valid_to = models.DateField("valid to", null=True, blank=True, help_text="Only when a document says.")
    footnotes = models.CharField("footnote marks", max_length=40, blank=True)
    order_code = models.CharField("order code", max_length=60, blank=True)
    configuration = models.TextField("configuration printed under the row", blank=True)
    note = models.TextField("note", blank=True)
    cited_document = models.ForeignKey(
        "contracts.Document",
        verbose_name="cited document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="One of the agreement's documents, where this line can be read.",
    )
    cited_place = models.CharField(
        "cited place",
        max_length=100,
        blank=True,
        help_text="Where in the document: “lines 1380–1392”, “page 3”, “§2(a)”.",
    )
    history = AuditedHistoricalRecords()

    objects = DiscountLineQuerySet.as_manager()

    class Meta:
        # Own columns only: an ordering through foreign keys would add joins to every query of lines.
        # Tables are numbered in the order the data file prints them (schedule by schedule).
        ordering = ["table_id", "position", "column"]
        verbose_name = "discount line"
        verbose_name_plural = "discount lines"
        indexes = [
            # A line's competitors (`pricing.in_force.line_in_force`): the same product, component, condition.
            models.Index(fields=["product", "component", "condition"], name="discountline_competitors"),
            # The table's rows in their printed order (positions are not unique: rows are matched by key).
            models.Index(fields=["table", "position", "column"], name="discountline_table_order"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["table", "key", "column"], name="discountline_key_unique"),
            models.CheckConstraint(condition=~Q(key=""), name="discountline_has_key"),
            models.CheckConstraint(
                condition=Q(percent__isnull=True) | Q(percent__gte=0, percent__lte=100),
                name="discountline_percent_range",
            ),
            models.CheckConstraint(
                condition=(Q(percent__isnull=True) & ~Q(no_number_reason=""))
                | (Q(percent__isnull=False) & Q(no_number_reason="")),
                name="discountline_number_or_reason",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="discountline_dates_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.product_as_written}: {self.percent_label}"

    def save(self, *args, **kwargs):
        self.ensure_key()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.product.get_absolute_url()

    def ensure_key(self):
        """Give a new line its row key: from the row's text, unique in the table for its column."""
        if not self.key and self.table_id:
            siblings = DiscountLine.objects.filter(table_id=self.table_id, column=self.column).exclude(pk=self.pk)
            self.key = row_key(self.product_as_written, set(siblings.values_list("key", flat=True)))

    def clean(self):
        self.ensure_key()
        errors = {}
        if self.percent is None and not self.no_number_reason:
            errors["no_number_reason"] = "A line without a percent must say why (e.g. 'see 1.15.1 below')."
        if self.percent is not None and self.no_number_reason:
            errors["no_number_reason"] = "Leave empty when the line has a percent."
        errors.update(date_range_errors(self.valid_from, self.valid_to, field="valid_to", start_label="'valid from'"))
        if self.table_id and self.amendment_id and self.table.amendment_id != self.amendment_id:
            errors["amendment"] = "Must be the amendment that printed the table."
        if self.table_id and self.product_id and self.product.schedule_id != self.table.schedule_id:
            errors["product"] = "The product belongs to another schedule than this table."
        agreement_id = self.amendment.agreement_id if self.amendment_id else None
        errors.update(citation_errors(self.cited_document, self.cited_place, agreement_id=agreement_id))
        if errors:
            raise ValidationError(errors)
        self._check_overlap()

    def _check_overlap(self):
        """SQLite has no exclusion constraint: refuse overlapping validity here (PostgreSQL does both)."""
        if not (self.product_id and self.amendment_id and self.valid_from):
            return
        clash = (
            DiscountLine.objects.filter(
                product_id=self.product_id,
                amendment_id=self.amendment_id,
                component=self.component,
                condition=self.condition,
            )
            .exclude(pk=self.pk)
            .overlapping(self.valid_from, self.valid_to)
            .first()
        )
        if clash is not None:
            until = f"{clash.valid_to:%Y-%m-%d}" if clash.valid_to else "open end"
            raise ValidationError(
                {
                    "valid_from": f"Overlaps '{clash}' of the same amendment for the same product, component "
                    f"and condition (valid {clash.valid_from:%Y-%m-%d} to {until})."
                }
            )

    @property
    def percent_label(self) -> str:
        if self.percent is None:
            return f"no number ({self.no_number_reason})"
        return f"{self.percent.normalize():f}%"


class WarrantyTerm(models.Model):
    """A warranty period an amendment states for a schedule (default) or for a product."""

    class ConditionKind(models.TextChoices):
        NEW_PACKET_SOLUTION = (
            "new_packet_solution",
            "Software of a new 7R/E Packet Solution installed at once",
        )
        OTHER_SOFTWARE = "other_software", "Any other software (upgrades, updates, new releases)"

    key = models.SlugField("key", max_length=80)
    amendment = models.ForeignKey(
        "contracts.Amendment",
        verbose_name="amendment",
        on_delete=models.PROTECT,
        related_name="warranty_terms",
    )
    amendment_section = models.CharField("amendment section", max_length=40, blank=True)
    schedule = models.ForeignKey(
        DiscountSchedule,
        verbose_name="schedule",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="warranty_terms",
    )
    product = models.ForeignKey(
        Product,
        verbose_name="product",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="warranty_terms",
    )
    applies_to_as_written = models.CharField("applies to as written", max_length=300, blank=True)
    component = models.CharField(
        "component",
        max_length=30,
        choices=Component.choices,
        blank=True,
        help_text="Blank: the document states no hardware/software split.",
    )
    months = models.PositiveSmallIntegerField("months", null=True, blank=True)
    days = models.PositiveSmallIntegerField("days", null=True, blank=True)
    condition = models.TextField("condition as written", blank=True)
    condition_kind = models.CharField("condition kind", max_length=30, choices=ConditionKind.choices, blank=True)
    text = models.TextField("text as written")
    note = models.TextField("note", blank=True)
    history = AuditedHistoricalRecords()

    class Meta:
        ordering = ["amendment_id", "key"]
        verbose_name = "warranty term"
        verbose_name_plural = "warranty terms"
        constraints = [
            models.CheckConstraint(
                condition=Q(schedule__isnull=True, product__isnull=False)
                | Q(schedule__isnull=False, product__isnull=True),
                name="warranty_schedule_or_product",
            ),
            models.CheckConstraint(
                condition=Q(months__isnull=False) | Q(days__isnull=False), name="warranty_has_period"
            ),
            models.UniqueConstraint(
                fields=["key", "product"], condition=Q(product__isnull=False), name="warranty_key_product"
            ),
            models.UniqueConstraint(
                fields=["key", "schedule"], condition=Q(schedule__isnull=False), name="warranty_key_schedule"
            ),
        ]

    def __str__(self):
        target = self.product or self.schedule
        part = f" {self.get_component_display().lower()}" if self.component else ""
        return f"{target}{part}: {self.period_label}"

    def clean(self):
        if bool(self.schedule_id) == bool(self.product_id):
            raise ValidationError({"product": "Give either a schedule (its default) or a product, not both."})
        if self.months is None and self.days is None:
            raise ValidationError({"months": "Give the period in months or days."})

    @property
    def period_label(self) -> str:
        parts = []
        if self.months is not None:
            parts.append(f"{self.months} month{'s' if self.months != 1 else ''}")
        if self.days is not None:
            parts.append(f"{self.days} days")
        return " / ".join(parts)


class PriceComparison(models.Model):
    """A price comparison an amendment prints as an exhibit (Amendment 3's Exhibit C, old city prices
    against new quotes), kept as printed; what its figures add up to is `pricing.comparison`'s."""

    amendment = models.ForeignKey(
        "contracts.Amendment",
        verbose_name="amendment",
        on_delete=models.PROTECT,
        related_name="price_comparisons",
    )
    exhibit = models.CharField("exhibit", max_length=20)
    title = models.CharField("title", max_length=200)
    title_lines_as_written = models.TextField("title lines as written", blank=True, help_text="One per line.")
    columns = models.TextField("columns as written", blank=True, help_text="One per line.")
    footnotes = models.TextField("footnotes", blank=True, help_text='One per line: "mark text".')
    note = models.TextField("note", blank=True)
    history = AuditedHistoricalRecords()

    class Meta:
        ordering = ["amendment_id", "exhibit"]
        verbose_name = "price comparison"
        verbose_name_plural = "price comparisons"
        constraints = [
            models.UniqueConstraint(fields=["amendment", "exhibit"], name="price_comparison_amendment_exhibit"),
        ]

    def __str__(self):
        return f"Exhibit {self.exhibit}: {self.title}"

    def get_absolute_url(self):
        return reverse("pricing:price_comparison_detail", args=[self.pk])

    @property
    def column_list(self) -> list[str]:
        return [c for c in self.columns.split("\n") if c]

    @property
    def title_line_list(self) -> list[str]:
        return [t for t in self.title_lines_as_written.split("\n") if t]


class PriceComparisonRow(models.Model):
    """One printed row of a price comparison: a line, or a subtotal / total as the exhibit prints it.

    Figures are kept as written and as numbers; a blank or unreadable figure is null (unknown), never 0.
    """

    class Kind(models.TextChoices):
        LINE = "line", "Line"
        SUBTOTAL = "subtotal", "Subtotal"
        TOTAL = "total", "Total"

    comparison = models.ForeignKey(
        PriceComparison, verbose_name="comparison", on_delete=models.PROTECT, related_name="rows"
    )
    key = models.SlugField("row key", max_length=80, help_text="Stable within the comparison; never changes.")
    position = models.PositiveSmallIntegerField("position")
    kind = models.CharField("kind", max_length=10, choices=Kind.choices, default=Kind.LINE)
    item = models.CharField("item as written", max_length=200)
    old_as_written = models.CharField("old price as written", max_length=40, blank=True)
    new_as_written = models.CharField("new price as written", max_length=40, blank=True)
    reduction_as_written = models.CharField("reduction as written", max_length=40, blank=True)
    old = models.DecimalField("old price", max_digits=14, decimal_places=2, null=True, blank=True)
    new = models.DecimalField("new price", max_digits=14, decimal_places=2, null=True, blank=True)
    reduction_percent = models.DecimalField("reduction percent", max_digits=7, decimal_places=2, null=True, blank=True)
    footnotes = models.CharField("footnote marks", max_length=40, blank=True, help_text="One per line.")
    history = AuditedHistoricalRecords()

    class Meta:
        ordering = ["comparison_id", "position"]
        verbose_name = "price comparison row"
        verbose_name_plural = "price comparison rows"
        constraints = [
            models.UniqueConstraint(fields=["comparison", "key"], name="price_comparison_row_key"),
        ]

    def __str__(self):
        return self.item

    @property
    def footnote_marks(self) -> list[str]:
        return [m for m in self.footnotes.split("\n") if m]


# Saved quotes (issue 13): a quote's inputs, kept so that it can be reopened and priced again, and the
# answer it had when saved, so that reopening can say what changed. What a quote *costs* is never
# stored as a term: it is recomputed by `pricing.engine` from the inputs (`pricing.quotes`).


class SavedQuote(models.Model):
    """A quote a buyer or contract admin saved: who buys, under which agreement, on which dates."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="prepared by", on_delete=models.PROTECT, related_name="saved_quotes"
    )
    title = models.CharField("title", max_length=200)
    agreement = models.ForeignKey(
        "contracts.Agreement", verbose_name="agreement", on_delete=models.PROTECT, related_name="saved_quotes"
    )
    entity = models.ForeignKey(
        "contracts.LegalEntity", verbose_name="buying entity", on_delete=models.PROTECT, related_name="saved_quotes"
    )
    on = models.DateField("order date")
    as_agreed = models.DateField("as agreed on", null=True, blank=True)
    shows_all_entities = models.BooleanField("priced for an entity that is not a Customer", default=False)
    created_at = models.DateTimeField("first saved", auto_now_add=True)
    saved_at = models.DateTimeField("last saved", auto_now=True)
    # The answer when saved (sum of the rounded nets of the priced lines; `pricing.results`).
    saved_total_net = models.DecimalField("net total when saved", max_digits=21, decimal_places=2)
    saved_complete = models.BooleanField("every line priced when saved", default=True)
    history = AuditedHistoricalRecords()

    class Meta:
        ordering = ["-saved_at", "-pk"]
        verbose_name = "saved quote"
        verbose_name_plural = "saved quotes"
        indexes = [models.Index(fields=["owner", "-saved_at"], name="savedquote_owner_recent")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("pricing:saved_quote_detail", args=[self.pk])


class SavedQuoteLine(models.Model):
    """One line of a saved quote as the user stated it (`pricing.results.LineRequest`), and its answer then."""

    quote = models.ForeignKey(SavedQuote, verbose_name="quote", on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField("line")
    product = models.CharField("product as typed", max_length=200)
    component = models.CharField("component", max_length=30, blank=True)
    condition = models.CharField("condition", max_length=30, blank=True)
    stsx1_cards_added = models.PositiveIntegerField("STSX-1 cards added", null=True, blank=True)
    order_code = models.CharField("order code", max_length=60, blank=True)
    list_price = models.DecimalField("list price", max_digits=12, decimal_places=2, null=True, blank=True)
    quantity = models.PositiveIntegerField("quantity", default=1)
    packet_components = models.CharField("7R/E elements in the order", max_length=200, blank=True)
    installed_at_one_time = models.BooleanField("installed at one time", default=False)
    quoted_unit_price = models.DecimalField(
        "firm quotation (unit)", max_digits=12, decimal_places=2, null=True, blank=True
    )
    comparable_5ess_price = models.DecimalField(
        "comparable 5ESS TDM price", max_digits=18, decimal_places=2, null=True, blank=True
    )
    saved_outcome = models.CharField("outcome when saved", max_length=30)
    saved_percent = models.DecimalField("discount when saved", max_digits=5, decimal_places=2, null=True, blank=True)
    saved_extended_net = models.DecimalField("net when saved", max_digits=18, decimal_places=2, null=True, blank=True)
    saved_clause = models.CharField("clause when saved", max_length=300, blank=True)
    history = AuditedHistoricalRecords()

    class Meta:
        ordering = ["quote_id", "position"]
        verbose_name = "saved quote line"
        verbose_name_plural = "saved quote lines"
        constraints = [
            models.UniqueConstraint(fields=["quote", "position"], name="savedquoteline_position_unique"),
        ]

    def __str__(self):
        return f"{self.quote} line {self.position}: {self.product}"
