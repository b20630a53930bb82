"""Shared API machinery: one error shape for every endpoint."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, serializers, status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.concurrency import StaleEditError

# Ids are 64-bit in every table; a larger number can only be an error, and must not reach SQL.
MAX_ID = 2**63 - 1


def exception_handler(exc, context):
    """DRF's handler, plus model validation errors as 400s naming the field, stale edits as 409s."""
    if isinstance(exc, StaleEditError):
        latest = exc.latest
        return Response(
            {"detail": str(exc), "changed_by": latest.user, "changed_at": latest.when, "version": latest.version},
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail=detail)
    return drf_exception_handler(exc, context)


class TextSlugRelatedField(serializers.SlugRelatedField):
    """A slug lookup that refuses NUL characters before they reach the database.

    PostgreSQL cannot store or compare text containing NUL; unchecked, such input is a 500.
    """

    default_error_messages = {"null_characters": "Null characters are not allowed."}

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            self.fail("null_characters")
        return super().to_internal_value(data)


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    """limit/offset pagination whose numbers stay within what a database can take.

    An unbounded `limit` or `offset` (10**30) overflows PostgreSQL's bigint: a 500, not a page.
    """

    default_limit = 50
    max_limit = 500
    max_offset = 2**31 - 1

    def get_offset(self, request):
        return min(super().get_offset(request), self.max_offset)
