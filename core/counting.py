"""Counts that stop at a limit: what a list across a portfolio says of how many rows match.

A count over every agreement (audit log, discount lookup, search) reads every matching row; past a
limit the exact number helps no one, and reading it made those lists grow with the portfolio. Each
list counts at most `limit` + 1 rows (`LIMIT` in the database) and says "more than `limit`" beyond.
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet


@dataclass(frozen=True)
class Counted:
    """How many rows match: `number` when `exact`, else more than `number`."""

    number: int
    exact: bool

    @classmethod
    def up_to(cls, number: int, limit: int) -> "Counted":
        """`number` rows counted no further than `limit` + 1: exact up to `limit`, else more than it."""
        return cls(min(number, limit), exact=number <= limit)


def count_up_to(queryset: QuerySet[Any], limit: int) -> Counted:
    """The rows of `queryset`, counted in the database no further than `limit` + 1 (its ids only, unordered)."""
    return Counted.up_to(queryset.order_by().values("pk")[: limit + 1].count(), limit)
