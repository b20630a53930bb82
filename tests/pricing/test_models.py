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
    fields = {
        f.attname: getattr(line, f.attname)
        for f in DiscountLine._meta.concrete_fields
        if f.name not in ("id",)
    }
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


def test_lines_of_another_amendment_may_overlap(seed):
    """A later amendment's line prevails at query time; only one amendment contradicting itself is refused."""
    from contracts.models import Amendment

    line = DiscountLine.objects.get(product_as_written="DDM PLUS")
    other = Amendment.objects.get(number=3)
    copy_of(line, amendment=other).clean_fields()


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
