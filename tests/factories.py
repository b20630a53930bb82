"""Test data built by factory_boy, for tests that do not need the seed agreement.

Every factory builds a small, valid graph with fixed dates modelled on the seed (a General Agreement
of 1997-03-13, amended 1999-11-15), so a test states only what it is about:

    line = DiscountLineFactory(percent=Decimal("48.00"), valid_from=date(2000, 1, 1))
    member = CustomerMembershipFactory(agreement=line.table.amendment.agreement)

Rules the factories keep:
- Deterministic: no random values (no Faker). Unique fields (keys, numbers, positions) come from a
  per-factory counter, so they differ between objects but depend only on creation order. A test
  that compares such a value passes it explicitly.
- Related objects agree with each other: a discount line's amendment is its table's, its product is
  on its table's schedule; a membership's or a Term version's agreement is its amendment's. Pass the
  shared parent (`agreement=`, `amendment=`, `table=`) to build several objects in one contract.
- `create()` runs `full_clean()` before saving, as every write outside a form does (STYLE rule 6),
  so a factory cannot store what the app would refuse. A test that needs an invalid row on purpose
  (to see the database refuse it) writes it with `Model.objects.create(...)` itself.
- Saving goes through `Model.save()`, so django-simple-history writes its history rows as usual.
"""

from datetime import date
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from contracts.models import Agreement, Amendment, CustomerMembership, LegalEntity, TermVersion
from pricing.choices import TableAction
from pricing.models import DiscountLine, DiscountSchedule, DiscountTable, Product
from releases.models import ForecastRevision, ProductLine, Release, ReleaseGroup, ReleaseSchedule, Remedy

AGREEMENT_DATE = date(1997, 3, 13)
AMENDMENT_DATE = date(1999, 11, 15)
TERM_EXPIRES = date(2003, 3, 13)


class CleanModelFactory(DjangoModelFactory):
    """Builds the model, validates it like the app does (`full_clean`), then saves it."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        instance = model_class(*args, **kwargs)
        instance.full_clean()
        instance.save()
        return instance


# contracts


class LegalEntityFactory(CleanModelFactory):
    class Meta:
        model = LegalEntity

    slug = factory.Sequence(lambda n: f"entity-{n}")
    name = factory.Sequence(lambda n: f"Entity {n} Inc.")


class AgreementFactory(CleanModelFactory):
    class Meta:
        model = Agreement

    title = "General Agreement"
    contract_number = factory.Sequence(lambda n: f"GA-{n + 1}")
    effective_date = AGREEMENT_DATE
    seller = factory.SubFactory(LegalEntityFactory, name="Seller Inc.", slug=factory.Sequence(lambda n: f"seller-{n}"))


class AmendmentFactory(CleanModelFactory):
    class Meta:
        model = Amendment

    agreement = factory.SubFactory(AgreementFactory)
    number = factory.Sequence(lambda n: n + 1)
    effective_date = AMENDMENT_DATE


class CustomerMembershipFactory(CleanModelFactory):
    """An entity made a Customer by `added_by`, from that amendment's effective date, open-ended."""

    class Meta:
        model = CustomerMembership

    added_by = factory.SubFactory(AmendmentFactory)
    agreement = factory.SelfAttribute("added_by.agreement")
    entity = factory.SubFactory(LegalEntityFactory)
    valid_from = factory.SelfAttribute("added_by.effective_date")


class TermVersionFactory(CleanModelFactory):
    """The Term's expiry as `amendment` sets it."""

    class Meta:
        model = TermVersion

    amendment = factory.SubFactory(AmendmentFactory)
    agreement = factory.SelfAttribute("amendment.agreement")
    expiry_date = TERM_EXPIRES


# pricing


class DiscountScheduleFactory(CleanModelFactory):
    class Meta:
        model = DiscountSchedule

    agreement = factory.SubFactory(AgreementFactory)
    section = factory.Sequence(lambda n: f"A-1.{n + 1}")
    title = "Transmission Systems Products"


class ProductFactory(CleanModelFactory):
    class Meta:
        model = Product

    schedule = factory.SubFactory(DiscountScheduleFactory)
    name = factory.Sequence(lambda n: f"PRODUCT {n}")


class DiscountTableFactory(CleanModelFactory):
    """A table printed by an amendment of the schedule's agreement, valid from that amendment's date."""

    class Meta:
        model = DiscountTable

    key = factory.Sequence(lambda n: f"table-{n}")
    schedule = factory.SubFactory(DiscountScheduleFactory)
    amendment = factory.SubFactory(AmendmentFactory, agreement=factory.SelfAttribute("..schedule.agreement"))
    action = TableAction.ADD
    valid_from = factory.SelfAttribute("amendment.effective_date")


class DiscountLineFactory(CleanModelFactory):
    """A priced cell (10%) of `table`, for a product of its own on the table's schedule, open-ended."""

    class Meta:
        model = DiscountLine

    table = factory.SubFactory(DiscountTableFactory)
    amendment = factory.SelfAttribute("table.amendment")
    key = factory.Sequence(lambda n: f"row-{n}")
    position = factory.Sequence(lambda n: n + 1)
    product = factory.SubFactory(ProductFactory, schedule=factory.SelfAttribute("..table.schedule"))
    product_as_written = factory.SelfAttribute("product.name")
    percent = Decimal("10.00")
    percent_as_written = factory.LazyAttribute(lambda line: "" if line.percent is None else f"{line.percent:f}%")
    valid_from = factory.SelfAttribute("table.valid_from")


# releases


class ReleaseScheduleFactory(CleanModelFactory):
    """Exhibit B of an amendment: "Now" in its dates means the amendment's effective date."""

    class Meta:
        model = ReleaseSchedule

    amendment = factory.SubFactory(AmendmentFactory)
    exhibit = "B"
    title = "PRODUCT RELEASE SCHEDULE"


class ProductLineFactory(CleanModelFactory):
    class Meta:
        model = ProductLine

    schedule = factory.SubFactory(ReleaseScheduleFactory)
    key = factory.Sequence(lambda n: f"line-{n}")
    position = factory.Sequence(lambda n: n + 1)
    name = factory.LazyAttribute(lambda line: f"LINE {line.position}")


class ReleaseGroupFactory(CleanModelFactory):
    """The unnamed group of a product line (rows under no sub-heading)."""

    class Meta:
        model = ReleaseGroup

    product_line = factory.SubFactory(ProductLineFactory)
    key = factory.Sequence(lambda n: f"group-{n}")
    position = 1
    name = ""


class ReleaseFactory(CleanModelFactory):
    """A release row promising nothing yet: pass `ga_as_written="3/00"` and the like."""

    class Meta:
        model = Release

    group = factory.SubFactory(ReleaseGroupFactory)
    key = factory.Sequence(lambda n: f"release-{n}")
    position = factory.Sequence(lambda n: n + 1)
    name_as_written = "R. 1.0"


class ForecastRevisionFactory(CleanModelFactory):
    class Meta:
        model = ForecastRevision

    release = factory.SubFactory(ReleaseFactory)
    forecast_as_written = "5/00"
    recorded_on = date(2000, 1, 5)
    reason = "The Seller revised the forecast."


class RemedyFactory(CleanModelFactory):
    """Remedy (a), an acceptable substitute, agreed on 2000-04-01."""

    class Meta:
        model = Remedy

    release = factory.SubFactory(ReleaseFactory)
    option = Remedy.Option.SUBSTITUTE
    agreed_on = date(2000, 4, 1)
    substitute_description = "Substitute"
