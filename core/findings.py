"""Reviewing findings: an auditor marks a computed finding about a record reviewed, with a note.

A finding is named by its subject (any record) and its stable `code`; the app that computes the
findings (e.g. `pricing.comparison`) needs nothing from here but `reviews_for`. Every change is
appended to `FindingReviewEntry`, the review's history.
"""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from core.editing import says_nothing
from core.models import FindingReview, FindingReviewEntry

NOTE_REQUIRED = "Say what you found: the note is required and kept with the review."
CODE_MAX_LENGTH = FindingReview._meta.get_field("code").max_length or 200


def _subject_key(subject: Model) -> dict[str, Any]:
    return {"content_type": ContentType.objects.get_for_model(subject), "object_id": subject.pk}


def clean_note(note: str | None) -> str:
    """The note, stripped; a ValidationError naming `note` if it shows nothing (blank, U+200B …)."""
    text = (note or "").strip()
    if says_nothing(text):
        raise ValidationError({"note": ValidationError(NOTE_REQUIRED, code="note_required")})
    return text


def clean_code(code: str | None) -> str:
    text = (code or "").strip()
    if not text or len(text) > CODE_MAX_LENGTH or says_nothing(text):
        raise ValidationError({"code": ValidationError("Name the finding by its code.", code="invalid")})
    return text


def reviews_for(subject: Model) -> dict[str, FindingReview]:
    """The reviews of a record's findings by code, in one query (the reviewer included)."""
    reviews = FindingReview.objects.filter(**_subject_key(subject)).select_related("reviewed_by")
    return {review.code: review for review in reviews}


def mark_reviewed(subject: Model, code: str, *, user: Any, note: str) -> FindingReview:
    """Mark a finding reviewed, or change the note of its review; the same note again changes nothing."""
    key = {**_subject_key(subject), "code": clean_code(code)}
    text = clean_note(note)
    with transaction.atomic():
        review = FindingReview.objects.select_for_update().filter(**key).first()
        if review is not None and review.note == text:
            return review
        action = FindingReviewEntry.Action.MARKED if review is None else FindingReviewEntry.Action.NOTE_CHANGED
        if review is None:
            review = FindingReview(**key)
        review.note, review.reviewed_by, review.reviewed_at = text, user, timezone.now()
        review.full_clean(validate_unique=False)  # the lock above (or the constraint) keeps it one per finding
        review.save()
        FindingReviewEntry.objects.create(**key, action=action, note=text, user=user, at=review.reviewed_at)
    return review


def unmark(subject: Model, code: str, *, user: Any) -> bool:
    """Withdraw a finding's review; False if it was not reviewed."""
    key = {**_subject_key(subject), "code": clean_code(code)}
    with transaction.atomic():
        review = FindingReview.objects.select_for_update().filter(**key).first()
        if review is None:
            return False
        review.delete()
        FindingReviewEntry.objects.create(**key, action=FindingReviewEntry.Action.UNMARKED, note=review.note, user=user)
    return True


def review_history(subject: Model, code: str) -> list[FindingReviewEntry]:
    """A finding's review history, newest first."""
    entries = FindingReviewEntry.objects.filter(**_subject_key(subject), code=code).select_related("user")
    return list(entries)
