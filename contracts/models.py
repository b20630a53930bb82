"""The agreement, its amendments and what they say about customers, term and provisions.

Every model keeps full history. Dates have two meanings that must not be mixed:
- *valid from* is the date a term applies from (may precede the amendment: retroactive);
- the amendment's *effective date* is when it became part of the agreement ("as agreed on").

Default orderings name own columns (`agreement_id`, not `agreement`): ordering by a relation pulls in
the related model's ordering and a join on every query. Answers that need an order sort explicitly.
"""

import uuid
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from contracts.names import NormalizedNameModel
from contracts.querysets import (
    AgreementQuerySet,
    CustomerMembershipQuerySet,
    EntityQuerySet,
)
from core.history import AuditedHistoricalRecords
from core.validators import validate_date_range


class LegalForm(models.TextChoices):
    CORPORATION = "corporation", "Corporation"
    LLC = "limited liability company", "Limited liability company"
    PUBLIC_SERVICE_COMPANY = "public service company", "Public service company"
    OTHER = "other", "Other"


class LegalEntity(NormalizedNameModel):
    """A company named in the documents: a party, a subsidiary, the seller, a parent."""

    slug = models.SlugField("key", max_length=80, unique=True)
    name = models.CharField("name", max_length=200)
    normalized_name = models.CharField(max_length=200, db_index=True, editable=False)
    legal_form = models.CharField(
        "legal form",
        max_length=40,
        choices=LegalForm.choices,
        blank=True,
        help_text="Blank when no document states it.",
    )
    jurisdiction = models.CharField("jurisdiction", max_length=80, blank=True)
    address = models.CharField("address", max_length=300, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name="parent entity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subsidiaries",
    )
    note = models.TextField("note", blank=True)
    history = AuditedHistoricalRecords()

    objects = EntityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "legal entity"
        verbose_name_plural = "legal entities"
        indexes = [
            # The entity list's order, read one page at a time (in Meta, so the history table has no copy).
            models.Index(fields=["name", "id"], name="legalentity_list_order"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("contracts:legalentity_detail", args=[self.pk])

    def clean(self):
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": "An entity cannot be its own (indirect) parent."})
            ancestor = ancestor.parent


class EntityName(NormalizedNameModel):
    """Another name the documents use for an entity: former name, defined term, variant."""

    class Kind(models.TextChoices):
        FORMER = "former", "Former name"
        DEFINED_TERM = "defined_term", "Defined term"
        VARIANT = "variant", "Variant or misspelling"

    entity = models.ForeignKey(LegalEntity, verbose_name="entity", on_delete=models.CASCADE, related_name="other_names")
    name = models.CharField("name", max_length=200)
    normalized_name = models.CharField(max_length=200, db_index=True, editable=False)
    kind = models.CharField("kind", max_length=20, choices=Kind.choices)
    source = models.CharField("source", max_length=200, blank=True)
    note = models.TextField("note", blank=True)
    history = AuditedHistoricalRecords()

    class Meta:
        ordering = ["entity_id", "name"]
        verbose_name = "entity name"
        verbose_name_plural = "entity names"
        constraints = [
            models.UniqueConstraint(fields=["entity", "name"], name="entityname_unique_per_entity"),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_kind_display()} of {self.entity})"


class Agreement(models.Model):
    """A General Agreement between a seller and a collective "Customer"."""

    title = models.CharField("title", max_length=200)
    contract_number = models.CharField("contract number", max_length=40, unique=True)
    effective_date = models.DateField("effective date")
    seller = models.ForeignKey(
        LegalEntity, verbose_name="seller", on_delete=models.PROTECT, related_name="agreements_as_seller"
    )
    seller_division = models.CharField("seller acts through", max_length=200, blank=True)
    seller_address = models.CharField("seller address", max_length=300, blank=True)
    customer_term = models.CharField("customer defined term", max_length=80, default="Customer")
    source = models.CharField("source document", max_length=200, blank=True)
    source_note = models.TextField("about the source document", blank=True)
    source_exhibits = models.JSONField(
        "filing exhibits in the source", default=list, blank=True, help_text="Each {label, sequence, description}."
    )
    note = models.TextField("note", blank=True)
    requires_second_approval = models.BooleanField(
        "amendments need a second contract admin",
        default=False,
        help_text="Four eyes: a draft amendment is executed only after another contract admin approved it.",
    )
    history = AuditedHistoricalRecords()

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["effective_date", "contract_number"]
        verbose_name = "agreement"
        verbose_name_plural = "agreements"
        indexes = [
            # The agreement list's order, read one page at a time (in Meta, so the history table has no copy).
            models.Index(fields=["effective_date", "contract_number"], name="agreement_list_order"),
        ]

    def __str__(self):
        return f"{self.title} {self.contract_number}"

    def get_absolute_url(self):
        return reverse("contracts:agreement_detail", args=[self.pk])


class Amendment(models.Model):
    """A numbered amendment. Amendment 1 of the seed is known only from the others' recitals."""

    agreement = models.ForeignKey(
        Agreement, verbose_name="agreement", on_delete=models.PROTECT, related_name="amendments"
    )
    number = models.PositiveSmallIntegerField("number")
    contract_number = models.CharField("contract number", max_length=40, blank=True)
    contract_number_as_written = models.TextField(
        "contract number as written", blank=True, help_text="Each spelling and where it appears."
    )
    effective_date = models.DateField("effective date")
    exhibit_label = models.CharField("filing exhibit", max_length=20, blank=True)
    title = models.TextField("title", blank=True)
    text_available = models.BooleanField(
        "text available", default=True, help_text="False when only references to it are known."
    )
    parties = models.JSONField(
        "parties", default=list, blank=True, help_text="Entity keys, in the order the preamble lists them."
    )
    preamble = models.TextField("preamble", blank=True)
    recitals = models.TextField("recitals", blank=True)
    testimonium = models.TextField("testimonium", blank=True, help_text="The 'In witness whereof' clause.")
    note = models.TextField("note", blank=True)
    source = models.CharField("source document", max_length=200, blank=True)
    history = AuditedHistoricalRecords()

    class Meta:
        ordering = ["agreement_id", "number"]
        verbose_name = "amendment"
        verbose_name_plural = "amendments"
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="amendment_number_unique"),
        ]

    def __str__(self):
        return f"Amendment {self.number}"

    def get_absolute_url(self):
        return reverse("ledger:amendment_detail", args=[self.pk])

    def clean(self):
        if self.agreement_id and self.effective_date and self.effective_date < self.agreement.effective_date:
            raise ValidationError({"effective_date": "An amendment cannot take effect before its agreement."})

    @property
    def day_before(self):
        """The last day before this amendment took effect: "as agreed on" that day excludes it."""
        return self.effective_date - timedelta(days=1)

    @property
    def recital_paragraphs(self):
        return [p for p in self.recitals.split("\n\n") if p.strip()]

    @property
    def party_entities(self):
        """The parties in the preamble's order (`parties` keeps their keys, which never change)."""
        by_key = LegalEntity.objects.in_bulk(self.parties, field_name="slug")
        return [by_key[key] for key in self.parties if key in by_key]


class Signature(models.Model):
    """One signature block as printed; blanks stay blank."""

    amendment = models.ForeignKey(
        Amendment, verbose_name="amendment", on_delete=models.PROTECT, related_name="signatures"
    )
    position = models.PositiveSmallIntegerField("position")
    entity = models.ForeignKey(
        LegalEntity,
        verbose_name="entity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signatures",
        help_text="Blank when the block names no entity.",
    )
    by_as_written = models.CharField("'By' line as written", max_length=300, blank=True)
    signature_as_written = models.CharField("signature as written", max_length=300, blank=True)
    signatory = models.CharField("signatory", max_length=200, blank=True)
    title = models.CharField("title", max_length=200, blank=True)
    title_as_written = models.CharField("title as written", max_length=200, blank=True)
    date = models.DateField("date", null=True, blank=True)
    date_as_written = models.CharField("date as written", max_length=60, blank=True)
    note = models.TextField("note", blank=True)
    history = AuditedHistoricalRecords()

    class Meta:
        ordering = ["amendment_id", "position"]
        verbose_name = "signature"
        verbose_name_plural = "signatures"
        constraints = [
            models.UniqueConstraint(fields=["amendment", "position"], name="signature_position_unique"),
        ]

    def __str__(self):
        return f"{self.signatory or 'unnamed signatory'} for {self.entity or 'unnamed entity'}"


class CustomerMembership(models.Model):
    """An entity is a Customer under the agreement from a date, by an amendment.

    `added_by` is the amendment that added the entity. When the documents only show that an
    entity already was a Customer (Amendment 2's preamble lists four), `added_by` is empty,
    `valid_from` is not stated and `evidenced_by` names the amendment whose recital shows it: the entity
    is a Customer from the General Agreement's effective date, per that recital (product decision of
    2026-11-26; decided in `contracts.snapshot.customer_standing`).
    """

    agreement = models.ForeignKey(
        Agreement, verbose_name="agreement", on_delete=models.PROTECT, related_name="memberships"
    )
    entity = models.ForeignKey(LegalEntity, verbose_name="entity", on_delete=models.PROTECT, related_name="memberships")
    added_by = models.ForeignKey(
        Amendment,
        verbose_name="added by",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="customers_added",
    )
    evidenced_by = models.ForeignKey(
        Amendment,
        verbose_name="evidenced by",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="customers_evidenced",
        help_text="For members whose joining is not documented: the first document showing them.",
    )
    defined_term = models.CharField("defined term", max_length=80, blank=True)
    section = models.CharField("section", max_length=40, blank=True)
    valid_from = models.DateField("customer from", null=True, blank=True)
    valid_to = models.DateField("customer until", null=True, blank=True)
    note = models.TextField("note", blank=True)
    history = AuditedHistoricalRecords()

    objects = CustomerMembershipQuerySet.as_manager()

    class Meta:
        ordering = ["agreement_id", "valid_from", "entity_id"]
        verbose_name = "customer membership"
        verbose_name_plural = "customer memberships"
        constraints = [
            models.UniqueConstraint(fields=["agreement", "entity"], name="membership_unique"),
            models.CheckConstraint(
                condition=Q(added_by__isnull=False) | Q(evidenced_by__isnull=False),
                name="membership_has_source",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="membership_dates_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.entity} as Customer"

    def clean(self):
        if not self.added_by_id and not self.evidenced_by_id:
            raise ValidationError(
                {"added_by": "Name the amendment that added the entity, or the one that evidences it."}
            )
        if self.added_by_id and self.valid_from is None:
            raise ValidationError({"valid_from": "An entity added by an amendment needs its start date."})
        validate_date_range(self.valid_from, self.valid_to, field="valid_to", start_label="the start date")

    @property
    def source_amendment(self):
        return self.added_by or self.evidenced_by


class TermVersion(models.Model):
    """The Term's expiry date as set by an amendment (Section 1.2 of the General Agreement)."""

    agreement = models.ForeignKey(
        Agreement, verbose_name="agreement", on_delete=models.PROTECT, related_name="term_versions"
    )
    amendment = models.ForeignKey(
        Amendment, verbose_name="set by", on_delete=models.PROTECT, related_name="term_versions"
    )
    section = models.CharField("amendment section", max_length=40, blank=True)
    provision_section = models.CharField("agreement section", max_length=40, blank=True)
    expiry_date = models.DateField("term expires on")
    history = AuditedHistoricalRecords()

    class Meta:
        ordering = ["agreement_id", "amendment_id"]
        verbose_name = "term version"
        verbose_name_plural = "term versions"
        constraints = [
            models.UniqueConstraint(fields=["agreement", "amendment"], name="term_version_unique"),
        ]

    def __str__(self):
        return f"Term to {self.expiry_date:%Y-%m-%d} ({self.amendment})"

    def clean(self):
        if self.agreement_id and self.expiry_date and self.expiry_date < self.agreement.effective_date:
            raise ValidationError({"expiry_date": "The Term cannot end before the agreement starts."})


class Provision(models.Model):
    """A section of the agreement, its Appendix A, or of an amendment itself."""

    class Part(models.TextChoices):
        GENERAL_AGREEMENT = "General Agreement", "General Agreement"
        APPENDIX_A = "Appendix A", "Appendix A"
        AMENDMENT = "Amendment", "Amendment"

    agreement = models.ForeignKey(
        Agreement, verbose_name="agreement", on_delete=models.PROTECT, related_name="provisions"
    )
    key = models.CharField("key", max_length=80)
    part = models.CharField("part", max_length=40, choices=Part.choices)
    section = models.CharField("section", max_length=40, blank=True, help_text="Blank when the document names none.")
    title = models.CharField("title", max_length=200, blank=True)
    history = AuditedHistoricalRecords()

    class Meta:
        ordering = ["agreement_id", "part", "section"]
        verbose_name = "provision"
        verbose_name_plural = "provisions"
        constraints = [
            models.UniqueConstraint(fields=["agreement", "key"], name="provision_key_unique"),
        ]

    def __str__(self):
        # "Section 7 ENTIRE AGREEMENT (Amendment)", never "Amendment 7 ENTIRE…": the part is where the
        # provision is printed, not a number.
        return f"{self.number} {self.title} ({self.part})".replace("  ", " ").strip()

    @property
    def number(self) -> str:
        """The number as the document prints it: an amendment's and the General Agreement's sections are
        "Section 2", "Section 1.2"; Appendix A numbers its own ("A-1.15"); "" when the document gives none."""
        section = self.section.strip()
        if not section:
            return ""
        return section if self.part == self.Part.APPENDIX_A else f"Section {section}"


class ProvisionVersion(models.Model):
    """What one amendment did to a provision, with the text it gave and its validity."""

    class Action(models.TextChoices):
        ADD = "add", "Added"
        REPLACE = "replace", "Replaced"
        AMEND = "amend", "Amended in part"
        EXTEND = "extend", "Extended"
        # Ends the provision from `valid_from`; `text` quotes what the amendment says (may be empty).
        DELETE = "delete", "Deleted"

    provision = models.ForeignKey(
        Provision, verbose_name="provision", on_delete=models.PROTECT, related_name="versions"
    )
    amendment = models.ForeignKey(
        Amendment, verbose_name="amendment", on_delete=models.PROTECT, related_name="provision_versions"
    )
    amendment_section = models.CharField("amendment section", max_length=40, blank=True)
    key = models.SlugField("key in the data file", max_length=80, blank=True, help_text="Names the entry for readers.")
    title = models.CharField(
        "title as this amendment writes it", max_length=200, blank=True, help_text="Blank: the provision's title."
    )
    action = models.CharField("action", max_length=10, choices=Action.choices)
    text = models.TextField("text", blank=True)
    valid_from = models.DateField("valid from")
    valid_to = models.DateField("valid to", null=True, blank=True)
    note = models.TextField("note", blank=True)
    cited_document = models.ForeignKey(
        "Document",
        verbose_name="cited document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="One of the agreement's documents, where this text can be read.",
    )
    cited_place = models.CharField(
        "cited place",
        max_length=100,
        blank=True,
        help_text="Where in the document: “lines 1380–1392”, “page 3”, “§2(a)”.",
    )
    history = AuditedHistoricalRecords()

    class Meta:
        ordering = ["provision_id", "valid_from", "amendment_id"]
        verbose_name = "provision version"
        verbose_name_plural = "provision versions"
        constraints = [
            models.UniqueConstraint(
                fields=["provision", "amendment", "amendment_section"], name="provision_version_unique"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="provision_version_dates_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.provision} — {self.get_action_display()} by {self.amendment}"

    def clean(self):
        validate_date_range(self.valid_from, self.valid_to, field="valid_to", start_label="'valid from'")
        from contracts.citations import citation_errors  # citations imports this module

        agreement_id = self.provision.agreement_id if self.provision_id else None
        if errors := citation_errors(self.cited_document, self.cited_place, agreement_id=agreement_id):
            raise ValidationError(errors)

    @property
    def is_retroactive(self):
        return self.valid_from < self.amendment.effective_date


def _document_path(document, filename):
    # The stored name never comes from the uploader: a random name under the agreement's folder.
    return f"documents/{document.agreement_id}/{uuid.uuid4().hex}{Path(filename).suffix.lower()[:8]}"


class Document(models.Model):
    """A source document of an agreement or amendment: an exhibit of the filing, a signed PDF.

    Stored through Django's storage API (`STORAGES["default"]`); read only through
    `contracts.document_views.DocumentDownloadView`, as an attachment. What may be uploaded is decided in
    `contracts.documents`.
    """

    agreement = models.ForeignKey(
        Agreement, verbose_name="agreement", on_delete=models.PROTECT, related_name="documents"
    )
    amendment = models.ForeignKey(
        Amendment,
        verbose_name="amendment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    title = models.CharField("title", max_length=200)
    file = models.FileField("file", upload_to=_document_path, max_length=300)
    original_name = models.CharField("file name as uploaded", max_length=255, blank=True)
    content_type = models.CharField("content type", max_length=100)
    size = models.PositiveBigIntegerField("size in bytes")
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="uploaded by",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField("uploaded at", auto_now_add=True)
    history = AuditedHistoricalRecords()

    class Meta:
        ordering = ["agreement_id", "uploaded_at", "id"]
        verbose_name = "document"
        verbose_name_plural = "documents"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("contracts:document_download", args=[self.pk])
