"""Which discount tables and lines are in force: the one copy of the rule, for the quote, the lookup,
its API, the product page and the compare page alike.

Built on `core.pointintime.supersession`:
- a table is in force when its amendment counts as agreed, it has started, and no later "replace"
  table of its schedule ended it (an "extend" table keeps the earlier ones);
- a line is in force when its table is, it is valid on the date, and no line of a later table gives
  the same product, component and condition: the later-agreed line wins (DECISIONS.md 2026-11-26);
- and only within the Term (`contracts.snapshot.term_standing`): after it expires nothing is in force.
"""

from collections.abc import Iterable
from typing import Any

from contracts.snapshot import TermStanding
from core.pointintime.dates import AsOf
from core.pointintime.standing import Standing
from core.pointintime.supersession import always, in_force, latest_onwards, valid_on


def table_order(table: Any) -> tuple:
    """Tables of one schedule in the order they took hold: start date, then the amendment's date."""
    return (table.valid_from, table.amendment.effective_date, table.amendment.number, table.pk or 0)


def tables_in_force(tables: Iterable[Any], as_of: AsOf) -> list[Any]:
    """Per schedule, the tables in force on `as_of.on` as agreed on `as_of.as_agreed`."""
    return in_force(
        tables,
        as_of,
        agreed_by=lambda t: t.amendment,
        group=lambda t: t.schedule_id,
        order=table_order,
        replaces=lambda t: t.action == "replace",
    )


def prevailing_lines(lines: Iterable[Any]) -> list[Any]:
    """Per product, component and condition, the line of the latest table: a later amendment prevails."""
    return latest_onwards(
        lines,
        group=lambda line: (line.product_id, line.component, line.condition),
        order=lambda line: table_order(line.table),
        replaces=always,
    )


def lines_in_force(lines: Iterable[Any], tables: Iterable[Any], as_of: AsOf) -> list[Any]:
    """The lines (with `.table` loaded) in force on `as_of.on`, among `tables` (their schedules' tables)."""
    current = {t.pk for t in tables_in_force(tables, as_of)}
    valid = [line for line in lines if line.table_id in current and valid_on(line, as_of.on)]
    return prevailing_lines(valid)


def within_term(term: TermStanding) -> bool:
    """Lines are in force only while the Term runs; an unknown Term keeps them (shown as unknown)."""
    return term.in_term is not Standing.NO
