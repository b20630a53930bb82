"""The preview's warnings and effects, asked of `drafts.effect.preview` for drafts built directly."""

from datetime import date
from decimal import Decimal

import pytest

from drafts.effect import preview
from drafts.models import AmendmentDraft, CustomerChange, DiscountChange, ReleaseChange
from pricing.models import DiscountLine, DiscountSchedule

pytestmark = pytest.mark.django_db


def draft_of(agreement, admin_user, **fields):
    values = {"number": 5, "effective_date": date(2000, 6, 1), **fields}
    return AmendmentDraft.objects.create(agreement=agreement, author=admin_user, **values)


def kinds(result):
    return sorted({w.kind for w in result.warnings})


def test_after_the_term_every_new_line_can_never_apply(seed, admin_user):
    draft = draft_of(seed, admin_user, effective_date=date(2003, 6, 1))
    transmission = DiscountSchedule.objects.get(agreement=seed, section="A-1.15")
    DiscountChange.objects.create(
        draft=draft, schedule=transmission, product_name="DDM PLUS", component="hardware", percent=Decimal("30")
    )
    result = preview(draft)
    assert kinds(result) == ["never", "overlap", "term"]
    assert result.discounts == []  # nothing prices after the Term

    draft.term_expiry_date = date(2006, 1, 1)
    draft.save()
    result = preview(draft)
    assert "never" not in kinds(result)
    assert [(c.on, c.before, c.after) for c in result.discounts if c.on == date(2003, 6, 1)] == [
        (date(2003, 6, 1), "no line in force", "30% — Amendment 5")
    ]


def test_a_name_close_to_a_product_is_a_probable_typo(seed, admin_user):
    draft = draft_of(seed, admin_user)
    transmission = DiscountSchedule.objects.get(agreement=seed, section="A-1.15")
    DiscountChange.objects.create(draft=draft, schedule=transmission, product_name="DDM PLUSS", percent=Decimal("0"))
    result = preview(draft)
    typo = [w for w in result.warnings if w.kind == "typo"]
    assert len(typo) == 1 and "did you mean “DDM PLUS”" in typo[0].message
    # A real 0% is a number: it prices, and the preview says 0%, not "no number".
    assert any(c.after == "0% — Amendment 5" for c in result.discounts)


def test_ending_a_line_states_no_number_from_its_date(seed, admin_user):
    draft = draft_of(seed, admin_user)
    line = DiscountLine.objects.get(product_as_written="DDM PLUS")
    DiscountChange.objects.create(draft=draft, action="end", line=line, valid_from=date(2000, 7, 1))
    result = preview(draft)
    changes = {(c.on, c.before, c.after) for c in result.discounts}
    assert (date(2000, 7, 1), "27% — Amendment 2 §5(B)", "no number (ended by Amendment 5) — Amendment 5") in changes
    assert all(c.on >= date(2000, 7, 1) for c in result.discounts)  # the day before keeps 27%
    assert "retroactive" not in kinds(result)


def test_removing_a_customer_and_a_new_release(seed, admin_user):
    from contracts.models import CustomerMembership

    draft = draft_of(seed, admin_user)
    member = CustomerMembership.objects.filter(agreement=seed, added_by__isnull=False).select_related("entity").first()
    CustomerChange.objects.create(draft=draft, action="remove", entity=member.entity, on=date(2000, 8, 31))
    ReleaseChange.objects.create(
        draft=draft, action="add", product_line_name="WaveStar TDM 10G", name_as_written="R. 1.0", ga_as_written="4Q00"
    )
    result = preview(draft)
    assert [(c.on, c.before, c.after) for c in result.eligibility] == [
        (date(2000, 9, 1), "a Customer", "not a Customer")
    ]
    assert [c.before for c in result.releases] == ["not in the schedule"]
    assert "GA 4Q00" in result.releases[0].after
    assert result.error is None


def test_a_part_that_cannot_apply_is_named(seed, admin_user):
    from releases.models import Release

    draft = draft_of(seed, admin_user)
    ambiguous = Release.objects.filter(column_ambiguous=True).first()
    change = ReleaseChange.objects.create(draft=draft, action="revise", release=ambiguous, ga_as_written="3Q00")
    result = preview(draft)
    assert result.error is not None and result.error.part == change
    assert "resolve it first" in str(result.error)
    assert not DiscountLine.objects.filter(amendment__number=5).exists()  # the rehearsal kept nothing
