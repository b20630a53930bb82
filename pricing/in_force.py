"""Which discount tables and lines are in force: the one copy of the rule, for the quote, the lookup,
its API, the product page and the compare page alike.

Built on `core.pointintime.supersession`:
- a table is in force when its amendment counts as agreed, it has started, and no later "replace"
  table of its schedule ended it (an "extend" table keeps the earlier ones);
- a line is in force when its table is, it is valid on the date, and no line of a later table gives
  the same product, component and condition: the later-agreed line wins (DECISIONS.md 2026-11-26);
- and only within the Term (`contracts.snapshot.term_standing`): after it expires nothing is in force.

The rule is written twice, in one place: in Python over loaded rows (the quote engine prices from one
agreement's catalog in memory), and as SQL conditions (`line_in_force`) so that the discount lookup
filters, counts and pages a portfolio's lines in the database instead of loading every table of every
agreement. `tests/pricing/test_lookup_agrees_with_quote.py` builds amendments that add, extend,
replace, start retroactively, end and move the Term, and checks that both give the same answer for
every product, date and "as agreed on" date.
"""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import BooleanField, Exists, F, Func, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThanOrEqual

from core.pointintime.dates import AsOf
from core.pointintime.supersession import always, in_force, latest_onwards, valid_on

# `table_order` as columns of a table: start date, the amendment's date and number, then the id.
_TABLE_ORDER = ("valid_from", "amendment__effective_date", "amendment__number", "id")


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


# The same rule as SQL conditions on discount lines (see the module docstring).


class _RowAfter(Func):
    """`(a, b, …) > (x, y, …)`: SQL row values compare lexicographically, like Python tuples
    (PostgreSQL, SQLite 3.15+). The first half of the expressions is compared to the second."""

    output_field = BooleanField()

    def as_sql(self, compiler, connection, **extra_context):  # type: ignore[override]  # a Func with a fixed shape
        parts, params = [], []
        for expression in self.get_source_expressions():
            sql, expression_params = compiler.compile(expression)
            parts.append(sql)
            params.extend(expression_params)
        half = len(parts) // 2
        return f"({', '.join(parts[:half])}) > ({', '.join(parts[half:])})", params


def _table_after_outer(inner: str, outer: str) -> _RowAfter:
    """The table at `inner` (a path in the subquery) comes after the table at `outer` (a path in the
    enclosing query) in `table_order`."""
    return _RowAfter(*(F(f"{inner}{c}") for c in _TABLE_ORDER), *(OuterRef(f"{outer}{c}") for c in _TABLE_ORDER))


def _agreed(as_of: AsOf, amendment: str) -> Q:
    """`AsOf.counts`: the amendment at `amendment` was effective by "as agreed on" (always without one)."""
    return Q() if as_of.as_agreed is None else Q(**{f"{amendment}__effective_date__lte": as_of.as_agreed})


def _agreed_and_started(as_of: AsOf, table: str) -> Q:
    return _agreed(as_of, f"{table}amendment") & Q(**{f"{table}valid_from__lte": as_of.on})


def _table_in_force(as_of: AsOf, table: str = "") -> Q:
    """`tables_in_force` for the table at path `table` ("" in a query of tables, "table__" of lines):
    agreed, started, and no later "replace" table of its schedule agreed and started."""
    from pricing.models import DiscountTable

    replacing = DiscountTable.objects.filter(
        _agreed_and_started(as_of, ""),
        _table_after_outer("", table),
        schedule_id=OuterRef(f"{table}schedule_id"),
        action="replace",
    )
    return _agreed_and_started(as_of, table) & Q(~Exists(replacing))


def table_in_force(as_of: AsOf) -> Q:
    """`tables_in_force` as a condition on `DiscountTable` rows (of any schedule)."""
    return _table_in_force(as_of)


def _valid_on(as_of: AsOf) -> Q:
    return Q(valid_from__lte=as_of.on) & (Q(valid_to__isnull=True) | Q(valid_to__gte=as_of.on))


def _within_term(as_of: AsOf, agreement_id: str) -> Q:
    """`term_standing(...).in_term is not Standing.NO` for the agreement whose id is at path `agreement_id`:
    not before the agreement starts, and not after the expiry of the latest Term version agreed by then
    (none: the Term is unknown, and the lines are kept, shown as unknown).

    A correlated condition, not a join: joined, the agreements' date index would be the cheapest way in
    for SQLite, which would then read every line of every agreement and sort them all for one page;
    correlated, the lines are read in the order of the page and the query stops when it is full.
    """
    from contracts.models import Agreement, TermVersion

    latest = (
        TermVersion.objects.filter(_agreed(as_of, "amendment"), agreement_id=OuterRef("pk"))
        .order_by("-amendment__effective_date", "-amendment__number", "-amendment_id")
        .values("expiry_date")[:1]
    )
    not_expired: GreaterThanOrEqual[date] = GreaterThanOrEqual(
        Coalesce(Subquery(latest), Value(date.max)), Value(as_of.on)
    )
    running = Agreement.objects.filter(not_expired, pk=OuterRef(agreement_id), effective_date__lte=as_of.on)
    return Q(Exists(running))


def line_in_force(as_of: AsOf) -> Q:
    """`lines_in_force`, within the Term, as a condition on `DiscountLine` rows: valid on the date, its
    table in force, no valid line of a later agreed and started table for the same product, component
    and condition, and within its agreement's Term.

    A later table of the same schedule is in force whenever this line's table is (a replacement after
    it would also come after this one), so the competitor's table needs only to be agreed and started.
    The competitors are read from the whole table, whatever else the query filters, so a filter can
    never make a superseded line look in force.

    Everything but the line's own dates is asked of its table in one correlated subquery, which joins
    nothing to the lines: with joins, a planner may read every line of every agreement from the side of
    the tables or agreements and sort them all, where the lines' own order index gives a page of them
    and stops (SQLite chooses so with its statistics of a large portfolio).
    """
    from pricing.models import DiscountLine, DiscountTable

    later = DiscountLine.objects.filter(
        _valid_on(as_of),
        _agreed_and_started(as_of, "table__"),
        _table_after_outer("table__", ""),
        product_id=OuterRef(OuterRef("product_id")),
        component=OuterRef(OuterRef("component")),
        condition=OuterRef(OuterRef("condition")),
    )
    table = DiscountTable.objects.filter(
        _table_in_force(as_of),
        ~Exists(later),
        _within_term(as_of, "schedule__agreement_id"),
        pk=OuterRef("table_id"),
    )
    return _valid_on(as_of) & Q(Exists(table))
