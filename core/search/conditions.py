# ruff: noqa: S608, S611  # identifiers come from model metadata, never from input; search text is a parameter
"""One indexed condition per term: the rows that hold it, asked the way each database's index serves it.

`contains` finds a substring as written, `compact_contains` a term of `name_terms` by the compact key,
`has_words` stemmed words of a long text. A `Source` says where a searched row's text may be (its own
names, or another table's rows naming it); `name_conditions` and `word_conditions` give, per term, the ids
of the searched rows it finds, each one `id IN (…)` of the searched table.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import connections
from django.db.models import F, Model, QuerySet
from django.db.models.expressions import RawSQL

from core.search.compact import NORMALIZED_COLUMN, Compact, NormalizedCompact, ShortCompact
from core.search.indexes import SUFFIXES, TEXT_CONFIG, field_column, index_name
from core.search.terms import MIN_INDEXED_LENGTH

_M = TypeVar("_M", bound=Model)


def fts_string(text: str) -> str:
    """`text` as one FTS5 string: a phrase of its tokens, whatever FTS5 syntax (NEAR, *, quotes) it holds."""
    return '"' + text.replace('"', '""') + '"'


def _sqlite_match(queryset: QuerySet[_M], field: str, suffix: str, query: str) -> QuerySet[_M]:
    model = queryset.model
    fts = index_name(model._meta.db_table, field_column(model, field), suffix)
    return queryset.filter(pk__in=RawSQL(f'SELECT rowid FROM "{fts}" WHERE "{fts}" MATCH %s', [query]))


def contains(queryset: QuerySet[_M], text: str, field: str = "normalized_name") -> QuerySet[_M]:
    """The rows of `queryset` whose `field` contains `text` as written (the caller normalizes both sides)."""
    vendor = connections[queryset.db].vendor
    if vendor == "sqlite" and len(text) >= MIN_INDEXED_LENGTH:
        # A quoted FTS5 string is a phrase: its trigrams in sequence, i.e. the substring itself.
        return _sqlite_match(queryset, field, SUFFIXES["substring"][0], fts_string(text))
    return queryset.filter(**{f"{field}__contains": text})


def compact_contains(queryset: QuerySet[_M], term: str, field: str, *, scan: bool = False) -> QuerySet[_M]:
    """The rows whose compact `field` contains `term` (a term of `name_terms`), through the compact index;
    with `scan`, for a queryset already narrowed to a few hundred rows, by reading them instead."""
    vendor = connections[queryset.db].vendor
    if vendor == "sqlite" and len(term) >= MIN_INDEXED_LENGTH and not scan:
        return _sqlite_match(queryset, field, SUFFIXES["compact"][0], fts_string(term))
    # PostgreSQL: the expression its index is on; SQLite (a short term, or `scan`): see `ShortCompact`.
    if vendor == "postgresql":
        normalized = field_column(queryset.model, field) == NORMALIZED_COLUMN
        compact: Compact = NormalizedCompact(F(field)) if normalized else Compact(F(field))
    else:
        compact = ShortCompact(F(field))
    found: QuerySet[_M] = queryset.alias(_compact=compact).filter(_compact__contains=term)
    return found


def has_words(queryset: QuerySet[_M], words: Sequence[str], field: str) -> QuerySet[_M]:
    """The rows whose text in `field` has `words` in this order (one word: anywhere), stemmed, through
    the full-text index."""
    phrase = " ".join(words)
    vendor = connections[queryset.db].vendor
    if vendor == "sqlite":
        return _sqlite_match(queryset, field, SUFFIXES["words"][0], fts_string(phrase))
    if vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        query = SearchQuery(phrase, config=TEXT_CONFIG, search_type="phrase" if len(words) > 1 else "plain")
        found: QuerySet[_M] = queryset.alias(_document=SearchVector(field, config=TEXT_CONFIG)).filter(_document=query)
        return found
    return queryset.filter(**{f"{field}__icontains": phrase})


@dataclass(frozen=True)
class Source:
    """Where a searched row's text may be: `field` of the rows of `queryset`, which name the searched row
    by `id_field`; the searched model reaches them by `target` (`pk`, or a foreign key such as `group`)."""

    queryset: QuerySet[Any]
    field: str
    id_field: str = "pk"
    target: str = "pk"
    scan: bool = False


Ids = QuerySet[Any]  # one column: ids of the searched model
# A condition a row meets when its id is among any of these (a term found by any of its sources).
Condition = list[Ids]


def model_ids(model: type[Model], ids: Ids, source: Source) -> Ids:
    """`ids` (of the source's rows) as ids of `model`: each condition is then one `id IN (…)` of the
    searched table, which the conditions of other terms and sources join by UNION, never by OR (an OR
    of `IN`s across columns reads the whole table on PostgreSQL)."""
    if source.target == "pk":
        return ids
    return model._default_manager.order_by().filter(**{f"{source.target}__in": ids}).values("pk")


def name_conditions(model: type[Model], terms: Sequence[str], sources: Sequence[Source]) -> list[Condition]:
    """Per term, the ids of the `model` rows some source's compact text holds it for (each indexed)."""
    return [
        [
            model_ids(
                model,
                compact_contains(source.queryset.order_by(), term, source.field, scan=source.scan).values(
                    source.id_field
                ),
                source,
            )
            for source in sources
        ]
        for term in terms
    ]


def word_conditions(model: type[Model], words: Sequence[str], source: Source) -> list[Condition]:
    """Per word of a full-text source, and once more for the words as a phrase (several words in the order
    typed rank above the same words scattered), the ids of the `model` rows whose text has them."""
    groups = [[word] for word in words] + ([list(words)] if len(words) > 1 else [])
    return [
        [model_ids(model, has_words(source.queryset.order_by(), group, source.field).values(source.id_field), source)]
        for group in groups
    ]
