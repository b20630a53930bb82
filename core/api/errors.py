"""One error shape for every endpoint: 400s name the field, stale edits are 409s naming who saved.

Requests refused for want of a login or a permission count against the rate limits here (DRF
checks throttles only after permissions, i.e. never for them): past the rate they are 429s.
A body over Django's size or field-count limits is a 413 / 400 in the same shape, not an HTML page.
"""

from typing import Any

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.api.parsers import RequestTooLarge
from core.api.throttling import throttle_refused
from core.editing import StaleEditError

_REFUSED = (exceptions.NotAuthenticated, exceptions.AuthenticationFailed, exceptions.PermissionDenied)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, plus model validation errors as 400s naming the field, stale edits as 409s."""
    request = context.get("request")
    if isinstance(exc, _REFUSED) and request is not None:
        exc = throttle_refused(request, context.get("view")) or exc
    if isinstance(exc, RequestDataTooBig):
        exc = RequestTooLarge()
    elif isinstance(exc, (TooManyFieldsSent, TooManyFilesSent)):
        exc = exceptions.ParseError(str(exc))
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
