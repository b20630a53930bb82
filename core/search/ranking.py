# ruff: noqa: S608, S611  # identifiers come from model metadata, never from input; search text is a parameter
"""Which rows a query finds, and in what order.

`scored` counts how many of a query's conditions (`core.search.conditions`) a row meets: word order does
not matter and an extra word lowers no row's place, it just matches nothing (`best_only` keeps the rows
that meet the most). `matching_names` ranks first the rows whose names hold the whole query (`PHRASE`);
`within_first` bounds the work across a portfolio to the first rows each index gives; `closest_first`
orders rows of the same score.
"""

from collections.abc import Sequence
from functools import reduce
from operator import add, or_
from typing import Any, TypeVar

from django.db import connections
from django.db.models import Case, Exists, IntegerField, Model, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Length

from core.search.compact import NORMALIZED_COLUMN
from core.search.conditions import Condition, Ids, Source, fts_string, model_ids, name_conditions
from core.search.indexes import SUFFIXES, field_column, index_name
from core.search.terms import MIN_INDEXED_LENGTH, name_terms, strong_terms

SCORE = "search_score"
PHRASE = "search_phrase"
# An alias set when every row found is among the best (`best_only` has nothing to drop).
ALL_BEST = "search_all_best"

_M = TypeVar("_M", bound=Model)


def matching_names(queryset: QuerySet[_M], normalized: str, sources: Sequence[Source]) -> QuerySet[_M]:
    """The rows whose names (in `sources`, the row's own name first) hold words of `normalized`, `scored`,
    and ranked (`PHRASE`): 2 when the own name holds the whole query compacted, 1 when another name does."""
    model = queryset.model
    terms = name_terms(normalized)
    if not terms:
        return scored(queryset, [])
    whole = "".join(terms)

    def whole_query(names: Sequence[Source]) -> Condition:
        # Under a window, the exact names first: a list of the names holding the query is cut short.
        exact = _named_exactly(model, normalized, names) if getattr(queryset.query, _WINDOW, None) else []
        return [*exact, *name_conditions(model, [whole], names)[0]]

    rank = Case(
        When(_meets(whole_query(sources[:1]), queryset), then=Value(2)),
        When(_meets(whole_query(sources), queryset), then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    strong = strong_terms(terms)
    found = scored(
        queryset,
        name_conditions(model, strong, sources),
        rank=rank,
        best=whole_query(sources),
        several_words=len(strong) > 1,
    )
    if len(terms) == 1:
        # One term: every row found meets it, by a name that holds the whole query, so every row is among
        # the best. Said here, `best_only` need not score every match of a portfolio to find the best
        # (a common word matches thousands of products across a thousand agreements).
        found = found.alias(**{ALL_BEST: Value(1)})
    return found


def _named_exactly(model: type[Model], normalized: str, sources: Sequence[Source]) -> list[Ids]:
    """The ids of the rows a normalized name of `sources` is `normalized` exactly (through the name's
    b-tree index): under a window (`within_first`) the closest names are then always among the rows found,
    even when thousands of longer names hold the query too ("5ESS" among 3,000 "5ESS … Switch")."""
    return [
        model_ids(
            model, source.queryset.order_by().filter(**{source.field: normalized}).values(source.id_field), source
        )
        for source in sources
        if field_column(source.queryset.model, source.field) == NORMALIZED_COLUMN
    ]


def _meets(condition: Condition | Q, searched: QuerySet[Any] | None = None) -> Q:
    """The rows meeting `condition`; of a `searched` queryset marked by `within_first`, the rows it is
    met by among the first ids of its indexes (`_first_ids`): all of them, unless more rows were found
    than the window holds."""
    if isinstance(condition, Q):
        return condition
    window = getattr(searched.query, _WINDOW, None) if searched is not None else None
    if searched is not None and window is not None:
        return Q(pk__in=_first_ids(searched, condition, window))
    return reduce(or_, (Q(pk__in=ids) for ids in condition))


def scored(
    queryset: QuerySet[_M],
    conditions: Sequence[Condition],
    *,
    rank: Any = None,
    extra: Sequence[Condition | Q] = (),
    best: Sequence[Ids] = (),
    several_words: bool = False,
) -> QuerySet[_M]:
    """The rows among the ids of `conditions` (one `IN` of their UNION), annotated with how many of them
    and of `extra` they meet (`SCORE`: an `extra` condition, such as an amendment's number, adds to a row's
    score but finds no row by itself) and, given, a `rank` among rows of the same score (`PHRASE`).

    A `queryset` marked by `within_first` is searched among the first ids each condition's index gives,
    and the first of `best` (the ids `rank` puts first, e.g. names holding the whole query); its rows are
    scored by those first ids too, unless the conditions are `several_words` (then by every row)."""
    if not conditions:
        # Nothing to look for (a query of punctuation only): no row, but the same annotations to order by.
        nothing: QuerySet[_M] = queryset.annotate(**{SCORE: Value(0), PHRASE: Value(0)}).none()
        return nothing
    searched = queryset
    if rank is not None:
        queryset = queryset.annotate(**{PHRASE: rank})
    # Candidates come from the first ids of each index (under a window). With several words each is scored
    # by every row its words find: a row found by a rare word must count a common word too, or a name
    # holding every word would score no better than one holding the common word only.
    by_every_row = several_words and getattr(queryset.query, _WINDOW, None) is not None
    points = [
        Case(
            When(_meets(condition) if by_every_row else _meets(condition, searched), then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
        for condition in (*conditions, *extra)
    ]
    lists = [ids for condition in conditions for ids in condition]
    window = getattr(queryset.query, _WINDOW, None)
    candidates: QuerySet[Any] | RawSQL
    if window is not None:
        candidates = _first_ids(searched, [*best, *lists], window)
    else:
        first, *rest = lists
        candidates = first.union(*rest) if rest else first
    # One condition: each candidate meets it (they are its ids), so the score needs no lookup per row.
    score = Value(1) if len(points) == 1 else reduce(add, points)
    if window is not None and rank is not None and not extra and len(points) > 1:
        # A name holding the whole query holds each of its terms: it meets every condition, even when
        # it is past the first ids of a term's index.
        whole = Q(**{f"{PHRASE}__gt": 0})
        score = Case(When(whole, then=Value(len(points))), default=score, output_field=IntegerField())
    found: QuerySet[_M] = queryset.filter(pk__in=candidates).annotate(**{SCORE: score})
    return found


class IndexIds(RawSQL):
    """Ids as the name indexes give them (`best_ids`): one `UNION ALL` of index lookups, each a table's
    rows whose name holds a term, which a database can also ask about one row at a time (given the row's
    id, each part is a lookup by key): see `pricing.line_pages`. `words`: how many terms the query had
    (one, or several held whole by each name)."""

    def __init__(self, sql: str, params: list[Any], *, words: int) -> None:
        super().__init__(sql, params)
        self.words = words


def best_ids(queryset: QuerySet[Any], normalized: str, sources: Sequence[Source]) -> QuerySet[Any] | IndexIds:
    """The ids of `best_only(matching_names(queryset, normalized, sources))`, as one subquery to filter by.

    With one term, and `queryset` not narrowed, every row found is among the best (`matching_names`):
    the ids are then those the term's indexes give, in one UNION, none looked up in the table (an id may
    come twice: a subquery for `IN`, not for counting). Across a portfolio a common word ("5ESS") finds
    thousands of rows, and looking each up (the rows found, then their ids) cost more than the rest of
    the question.

    With several terms, the rows a name holds the whole query for ("5ESS switch": "5essswitch") are the
    best when there are any: such a name holds every term, so the row meets every condition, and
    `best_only` keeps the whole query's rows among those. Whether there are any is asked first, of the
    indexes (one short statement); only when there are none are the rows scored. Scoring every row of
    "5ESS" or "switch" across a thousand agreements took 50 ms a statement, and building the scoring's
    SQL 10 ms of CPU even in one agreement.
    """
    terms = name_terms(normalized)
    if not terms or queryset.query.where:
        return best_only(matching_names(queryset, normalized, sources)).values("pk")
    whole_sql, whole_params = _index_ids(queryset.model, "".join(terms), sources)
    if len(terms) == 1 or _any_row(queryset.db, whole_sql, whole_params):
        return IndexIds(whole_sql, whole_params, words=len(terms))
    return best_only(matching_names(queryset, normalized, sources)).values("pk")


def _any_row(alias: str, sql: str, params: list[Any]) -> bool:
    with connections[alias].cursor() as cursor:
        # `sql` is compiled by Django or `_source_ids`, every value a parameter.
        cursor.execute(f"SELECT EXISTS ({sql})", params)  # noqa: S608
        (found,) = cursor.fetchone()
    return bool(found)


def _index_ids(model: type[Model], term: str, sources: Sequence[Source]) -> tuple[str, list[Any]]:
    """SQL for the ids of the `model` rows a name of `sources` holds `term` for, from the indexes, in one
    UNION ALL (an id may come twice)."""
    parts = [_source_ids(model, term, source) for source in sources]
    # UNION ALL: an id found twice is still one row to an `IN`, and no temporary index removes it.
    return " UNION ALL ".join(sql for sql, _ in parts), [p for _, params in parts for p in params]


def _source_ids(model: type[Model], term: str, source: Source) -> tuple[str, list[Any]]:
    """SQL for the ids of the `model` rows `source` holds `term` for: on SQLite, of an unfiltered source
    of the model's own names, the rowids its FTS table gives (they are the rows' ids: the triggers keep
    them in step); otherwise the query of `name_conditions`."""
    queryset = source.queryset
    indexed = len(term) >= MIN_INDEXED_LENGTH and not source.scan and not queryset.query.where
    if connections[queryset.db].vendor == "sqlite" and indexed and source.id_field == source.target == "pk":
        qmodel = queryset.model
        fts = index_name(qmodel._meta.db_table, field_column(qmodel, source.field), SUFFIXES["compact"][0])
        return f'SELECT rowid FROM "{fts}" WHERE "{fts}" MATCH %s', [fts_string(term)]
    (ids,) = name_conditions(model, [term], [source])[0]
    sql, params = ids.query.get_compiler(using=ids.db).as_sql()
    return sql, list(params)


def closest_first(queryset: QuerySet[Any], field: str, normalized: str) -> list[Any]:
    """Orderings among rows of the same score: on PostgreSQL by trigram similarity of `field` to the
    query (pg_trgm), elsewhere the shorter name first (the closer, when both hold the same words)."""
    if connections[queryset.db].vendor == "postgresql":
        from django.contrib.postgres.search import TrigramSimilarity

        return [TrigramSimilarity(field, normalized).desc(), Length(field)]
    return [Length(field)]


def best_only(queryset: QuerySet[_M]) -> QuerySet[_M]:
    """Of `scored` rows, those meeting the most conditions (an extra word that matches nothing, or
    matches other rows only, does not widen the answer); of those, when some name holds the whole query
    (`PHRASE`), only those: "5ESS Switch" is that product, not also "5ESS CDX Switch". Lazy: subqueries."""
    if ALL_BEST in queryset.query.annotations:
        return queryset
    if PHRASE not in queryset.query.annotations:
        return queryset.filter(**{SCORE: Subquery(queryset.order_by(f"-{SCORE}").values(SCORE)[:1])})
    whole = Case(When(**{f"{PHRASE}__gt": 0}, then=Value(1)), default=Value(0), output_field=IntegerField())
    ranked = queryset.annotate(_whole=whole)
    best = ranked.order_by(f"-{SCORE}", "-_whole")
    found: QuerySet[_M] = ranked.filter(
        **{SCORE: Subquery(best.values(SCORE)[:1]), "_whole__gte": Subquery(best.values("_whole")[:1])}
    )
    return found


# Set on a query by `within_first`: how many ids `scored` takes from each index it asks.
_WINDOW = "search_window"


def within_first(queryset: QuerySet[_M], window: int) -> QuerySet[_M]:
    """`queryset`, to be searched (`scored`) among at most `window` rows from each index it asks: per
    term and name, and the names holding the whole query (so those are always among the rows found).
    The rows found are ranked among themselves (each scored by every row its terms find), so a common
    word costs the same across a thousand agreements as in one. While no index gives more than `window` rows, that is
    every row and the exact score; past it, the first `window` of each (see `ledger.search`)."""
    marked = queryset.all()
    setattr(marked.query, _WINDOW, window)
    return marked


def _first_ids(queryset: QuerySet[Any], lists: Sequence[Ids], window: int) -> RawSQL:
    """The ids of the first `window` rows of `queryset` among each of `lists`, as one subquery to filter
    by (UNION ALL: an id twice is one row to an `IN`). A list is narrowed to a filtered `queryset` before
    it is cut, so a list cut short always gives `window` rows found; unfiltered, every id is a row of it
    (its own, or a foreign key), and the index is read no further than `window` distinct ids. SQLite
    takes no LIMIT inside a compound query: each part is wrapped."""
    parts: dict[tuple[str, tuple[Any, ...]], None] = {}  # one term: the `best` ids are that term's, asked once
    for ids in lists:
        (column,) = ids.query.values_select or ("pk",)
        if queryset.query.where:
            # Read in the list's order, each id checked against `queryset`, until `window` are found
            # (`pk IN list` would first read the whole list).
            ids = ids.filter(Exists(queryset.order_by().filter(pk=OuterRef(column))))
        # In the order the index gives them (no sort: that would read every row found). A row's own ids
        # are distinct; another table's may name a row twice, and a list cut short must be of `window` rows.
        first = (ids.order_by() if column == "pk" else ids.order_by().distinct())[:window]
        sql, params = first.query.get_compiler(using=first.db).as_sql()
        parts[(sql, tuple(params))] = None
    return RawSQL(
        " UNION ALL ".join(f"SELECT * FROM ({sql}) AS _first_{number}" for number, (sql, _) in enumerate(parts)),
        [param for _, params in parts for param in params],
    )
