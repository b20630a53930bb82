"""How a page of discount lines across the portfolio is read: in the page's order, stopping when it is full.

The conditions here are `product_id IN (the products a name names)`, written for the plan each database
should take (`DiscountLineQuerySet.page_first`, `answering`, `counted`). A query says which way by the flags
it carries (`Query` attributes are copied to its clones):

- none: read the lines in the page's order, each checked against the named products, gathered once
  and hashed;
- `BY_PRODUCT_INDEX`: the plain `IN`, through the product index: to count the lines, or to read a few;
- `OWN_NAMES_ONLY`: a count asking only for the products whose own name holds the name;
- `LINE_BY_LINE` (PostgreSQL): read the lines in the page's order, each asking whether its own product is
  named (two index reads), among the first lines only (`NotAfterFirstLines`).

Why line by line: a common name ("5ESS", three products in each of a thousand agreements) names
thousands of products; gathering them reads most of the product table (about 2 ms), while the page's
fifty lines are among its first few hundred. A name whose lines all sit in the last agreements would
make the lines before them each cost two index reads: the reading is bounded to the first
`LINES_ASKED_PER_LINE` lines per line of the page, and past them the page is read the hashed way.
"""

from typing import Any

from django.db import connections, models
from django.db.models import F, Func
from django.db.models.lookups import In

BY_PRODUCT_INDEX = "lines_by_product_index"
OWN_NAMES_ONLY = "lines_of_own_names_only"
LINE_BY_LINE = "lines_asked_line_by_line"

# Line by line, at most this many lines are read per line of the page (one named line in 20 or more: a
# common name), and never more than `LINES_ASKED_MAX` (a deep page is cheaper with the products gathered).
LINES_ASKED_PER_LINE = 20
LINES_ASKED_MAX = 5_000


def flag(query: Any, name: str) -> None:
    setattr(query, name, True)


def _flagged(compiler: Any, name: str) -> bool:
    return bool(getattr(compiler.query, name, False))


class _Unindexed(Func):
    """A column whose index SQLite must not use for a condition (SQLite's documented unary "+")."""

    template = "%(expressions)s"
    output_field = models.IntegerField()

    def as_sqlite(self, compiler, connection, **extra_context):
        template = self.template if _flagged(compiler, BY_PRODUCT_INDEX) else "+%(expressions)s"
        return self.as_sql(compiler, connection, template=template, **extra_context)


class InPageOrder(Func):
    """`product_id IN (ids)`, written so that the lines are read in the order of the page, each checked
    against the ids (hashed once), and the reading stops when the page is full. Plainly written, SQLite
    would read them through the product index and sort them all, and PostgreSQL join them to the ids and
    sort them all, which `IS TRUE` prevents (a condition it cannot turn into a join).

    Plainly written with `BY_PRODUCT_INDEX`; `product_id IN (own_ids)` with `OWN_NAMES_ONLY`; with
    `LINE_BY_LINE`, on PostgreSQL, a subquery per line, "is this line's product among the ids", which
    PostgreSQL answers by pushing the line's product into each part of the ids' `UNION ALL` (the product
    by its key, its other names by their product index). It is meant for ids that are such a union of
    index reads (`core.search.IndexIds`).
    """

    output_field = models.BooleanField()

    def __init__(self, ids: Any, own_ids: Any = None) -> None:
        expressions: list[Any] = [In(_Unindexed("product_id"), ids)]
        if own_ids is not None:
            expressions.append(In(_Unindexed("product_id"), own_ids))
        super().__init__(*expressions)

    def as_sql(self, compiler, connection, function=None, template=None, arg_joiner=None, **extra_context):
        every, *own = self.get_source_expressions()
        if connection.vendor == "postgresql" and _flagged(compiler, LINE_BY_LINE):
            product_sql, product_params = compiler.compile(every.lhs)
            ids_sql, ids_params = compiler.compile(every.rhs)
            # Both parts are compiled by Django, every value a parameter.
            sql = f"(SELECT TRUE FROM {ids_sql} AS named (id) WHERE named.id = {product_sql} LIMIT 1) IS TRUE"  # noqa: S608
            return sql, (*ids_params, *product_params)
        sql, params = compiler.compile(own[0] if own and _flagged(compiler, OWN_NAMES_ONLY) else every)
        if connection.vendor == "postgresql" and not _flagged(compiler, BY_PRODUCT_INDEX):
            sql = f"({sql}) IS TRUE"
        return sql, params


class NotAfterFirstLines(Func):
    """The lines not after the first `count` lines of the table in the order of `columns` (ascending,
    never null): `(columns) <= (the last of those lines' columns)`, which PostgreSQL reads as a range of
    the index of that order. All lines when the table has fewer."""

    output_field = models.BooleanField()

    def __init__(self, count: int, columns: tuple[str, ...]) -> None:
        super().__init__(*(F(column) for column in columns))
        self.count = count
        self.columns = columns

    def as_sql(self, compiler, connection, function=None, template=None, arg_joiner=None, **extra_context):
        compiled = [compiler.compile(column) for column in self.get_source_expressions()]
        meta = compiler.query.model._meta
        inner = ", ".join(connection.ops.quote_name(meta.get_field(column).column) for column in self.columns)
        last = ", ".join(f"{connection.ops.quote_name(meta.get_field(column).column)} DESC" for column in self.columns)
        table = connection.ops.quote_name(meta.db_table)
        # Compiled columns and quoted names; the count is a parameter.
        sql = (
            f"({', '.join(sql for sql, _ in compiled)}) <= (SELECT {inner} FROM "  # noqa: S608
            f"(SELECT {inner} FROM {table} ORDER BY {inner} LIMIT %s) first_lines ORDER BY {last} LIMIT 1)"
        )
        return sql, (*(param for _, params in compiled for param in params), self.count)


def count_own_names_first(lines: Any, limit: int) -> int:
    """`lines[: limit + 1].count()` in one statement that first counts the lines of the products named by
    their own name (`OWN_NAMES_ONLY`), and stops there when they are more than `limit`.

    PostgreSQL reads those products one by one from the name index and stops when the lines are counted
    (a product is one row: nothing to remove twice), where the ids of every product named ("5ESS": 3,000
    across a thousand agreements) must all be gathered and made distinct before the first line is
    counted. The second count, of every product named, is an InitPlan: run only when the first is short.
    """
    own = lines._chain()
    flag(own.query, OWN_NAMES_ONLY)
    own_sql, own_params = own.values("pk")[: limit + 1].query.get_compiler(using=lines.db).as_sql()
    every_sql, every_params = lines.values("pk")[: limit + 1].query.get_compiler(using=lines.db).as_sql()
    # Both parts are compiled by Django, every value a parameter.
    sql = (
        f"SELECT CASE WHEN (SELECT COUNT(*) FROM ({own_sql}) own_lines) > %s THEN %s "  # noqa: S608
        f"ELSE (SELECT COUNT(*) FROM ({every_sql}) every_line) END"
    )
    with connections[lines.db].cursor() as cursor:
        cursor.execute(sql, [*own_params, limit, limit + 1, *every_params])
        (number,) = cursor.fetchone()
    return int(number)
