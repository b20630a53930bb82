"""Invariants of the pricing models: database constraints, clean(), history."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from pricing.models import DiscountLine, WarrantyTerm

pytestmark = pytest.mark.django_db


def copy_of(line, **changes):
    """An unsaved copy of `line` with `changes` (a new row, same table)."""
    fields = {f.attname: getattr(line, f.attname) for f in DiscountLine._meta.concrete_fields if f.name not in ("id",)}
    return DiscountLine(**{**fields, "position": 99, **changes})


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"percent": Decimal("100.01")}, "percent"),
        ({"percent": None, "no_number_reason": ""}, "no_number_reason"),
        ({"percent": Decimal("5"), "no_number_reason": "see 1.15.1 below"}, "no_number_reason"),
        ({"valid_from": date(2000, 1, 1), "valid_to": date(1999, 1, 1)}, "valid_to"),
        ({"valid_from": date(2001, 1, 1)}, "valid_from"),  # overlaps the printed line (open end)
    ],
)
def test_clean_names_the_field(seed, changes, field):
    line = DiscountLine.objects.get(product_as_written="DDM PLUS")
    with pytest.raises(ValidationError) as error:
        copy_of(line, **changes).full_clean()
    assert field in error.value.message_dict


def test_a_later_amendment_may_overlap_and_prevails(seed):
    """Only one amendment contradicting itself is refused; a later-agreed line wins at query time."""
    from contracts.models import Amendment
    from pricing.catalog import load_catalog
    from pricing.engine import price_quote
    from pricing.models import DiscountTable
    from pricing.results import LineRequest

    line = DiscountLine.objects.get(product_as_written="DDM PLUS")
    amendment4 = Amendment.objects.get(number=4)
    table = DiscountTable.objects.create(
        key="am4-test",
        schedule=line.table.schedule,
        amendment=amendment4,
        action="extend",
        valid_from=date(2000, 2, 15),
    )
    later = copy_of(
        line, table_id=table.pk, amendment_id=amendment4.pk, percent=Decimal("31"), valid_from=date(2000, 2, 15)
    )
    later.full_clean()
    later.save()
    catalog = load_catalog(seed)
    request = [LineRequest("DDM PLUS", list_price=Decimal("100"))]
    before = price_quote(catalog, lines=request, on=date(2000, 2, 14)).lines[0]
    after = price_quote(catalog, lines=request, on=date(2000, 2, 15)).lines[0]
    as_agreed_before = price_quote(catalog, lines=request, on=date(2000, 2, 15), as_agreed=date(2000, 2, 14))
    assert (before.percent, after.percent, as_agreed_before.lines[0].percent) == (
        Decimal("27"),
        Decimal("31"),
        Decimal("27"),
    )
    assert after.clause.amendment_number == 4


@pytest.mark.parametrize(
    "changes",
    [{"percent": Decimal("101")}, {"percent": None, "no_number_reason": ""}, {"valid_to": date(1990, 1, 1)}],
)
def test_database_refuses_bad_lines_without_clean(seed, changes):
    line = DiscountLine.objects.get(product_as_written="DDM PLUS")
    with pytest.raises(IntegrityError), transaction.atomic():
        copy_of(line, valid_from=date(2002, 1, 1), **{"valid_to": date(2002, 2, 1), **changes}).save()


@pytest.mark.postgres
def test_postgres_exclusion_constraint_refuses_overlap(seed):
    line = DiscountLine.objects.get(product_as_written="DDM PLUS")
    with pytest.raises(IntegrityError, match="discountline_no_overlap"), transaction.atomic():
        copy_of(line, valid_from=date(2001, 1, 1)).save()


def test_warranty_needs_one_target_and_a_period(seed):
    term = WarrantyTerm.objects.filter(product__isnull=False).first()
    term.schedule = term.product.schedule
    with pytest.raises(ValidationError):
        term.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        WarrantyTerm.objects.filter(pk=term.pk).first().__class__(
            key="x", amendment=term.amendment, product=term.product, text="t"
        ).save()


def test_loaded_lines_have_history_with_the_source(seed):
    record = DiscountLine.objects.get(product_as_written="DDM PLUS").history.get()
    assert record.history_change_reason.startswith("load_agreement kmc_lucent.yaml: discount_tables[0].rows[0]")
