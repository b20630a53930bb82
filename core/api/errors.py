"""One error shape for every endpoint: 400s name the field, stale edits are 409s naming who saved."""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.editing import StaleEditError


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
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
