"""Pagination every list endpoint uses (the `DEFAULT_PAGINATION_CLASS`)."""

from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    """limit/offset pagination whose numbers stay within what a database can take.

    An unbounded `limit` or `offset` (10**30) overflows PostgreSQL's bigint: a 500, not a page.
    """

    default_limit = 50
    max_limit = 500
    max_offset = 2**31 - 1

    def get_offset(self, request: Request) -> int:
        return min(super().get_offset(request), self.max_offset)
