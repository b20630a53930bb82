"""Which versions are in force: the one rule every point-in-time answer uses.

A version (a term, a provision text, a discount table, a discount line) is in force on `on` as agreed
on `as_agreed` when
1. the amendment that made it had been agreed by `as_agreed` (`AsOf.counts`);
2. it has started (`valid_from <= on`) and, where a document gives an end, not ended (`on <= valid_to`);
3. no later version of the same thing replaced it: per group, versions are put in the order they took
   hold (start date, then the agreeing amendment's date and number) and the last replacement ends every
   version before it. Versions that only add (an "add" provision, a table extending a schedule) keep the
   earlier ones in force.

Retroactive versions need nothing special: their `valid_from` is earlier than their amendment's date, and
`as_agreed` decides whether they count yet.
"""

from collections.abc import Callable, Hashable, Iterable
from datetime import date
from typing import Any, TypeVar

from core.pointintime.dates import AsOf

T = TypeVar("T")


def valid_on(version: Any, on: date) -> bool:
    """Started by `on` and, where it has a stated end (`valid_to`), not ended before it."""
    valid_to = getattr(version, "valid_to", None)
    return bool(version.valid_from <= on and (valid_to is None or on <= valid_to))


def latest_onwards(
    versions: Iterable[T],
    *,
    group: Callable[[T], Hashable],
    order: Callable[[T], Any],
    replaces: Callable[[T], bool],
) -> list[T]:
    """Per group, in `order`, the last version that `replaces` and every version after it.

    A group without a replacement keeps all its versions. The result keeps each group's order.
    """
    groups: dict[Hashable, list[T]] = {}
    for version in versions:
        groups.setdefault(group(version), []).append(version)
    in_force: list[T] = []
    for members in groups.values():
        members.sort(key=order)
        starts = [i for i, member in enumerate(members) if replaces(member)]
        in_force.extend(members[starts[-1] if starts else 0 :])
    return in_force


def in_force(
    versions: Iterable[T],
    as_of: AsOf,
    *,
    agreed_by: Callable[[T], Any],
    group: Callable[[T], Hashable],
    order: Callable[[T], Any],
    replaces: Callable[[T], bool],
) -> list[T]:
    """The versions in force on `as_of.on` as agreed on `as_of.as_agreed` (see the module docstring).

    `agreed_by(version)` is the amendment that made it (anything with an `effective_date`).
    """
    candidates = [v for v in versions if as_of.counts(agreed_by(v)) and valid_on(v, as_of.on)]
    return latest_onwards(candidates, group=group, order=order, replaces=replaces)


def always(_version: object) -> bool:
    """For versions where each one replaces the one before (a Term, a discount line's percent)."""
    return True
