"""Many-row questions about discount tables and lines."""

from dataclasses import dataclass
from typing import Any, cast

from django.db import connections, models
from django.db.models import Q

from contracts.names import normalize_name
from core.counting import Counted
from core.pointintime.dates import AsOf
from core.search import IndexIds, Source, best_ids, best_only, compact_contains, matching_names, name_terms
from pricing.choices import Condition
from pricing.in_force import line_in_force
from pricing.line_pages import (
    BY_PRODUCT_INDEX,
    LINE_BY_LINE,
    LINES_ASKED_MAX,
    LINES_ASKED_PER_LINE,
    InPageOrder,
    NotAfterFirstLines,
    count_own_names_first,
    flag,
)


@dataclass(frozen=True)
class LineQuery:
    """A text typed to find discount lines, read: the conditions it names ("large growth") and the rest,
    which names products ("5ESS")."""

    conditions: tuple[Condition, ...]
    product_text: str

    @classmethod
    def read(cls, text: str) -> "LineQuery":
        """A condition is named when every word of its short name (`_CONDITION_WORDS`) is in the text, in
        any order; those words then name no product."""
        words = normalize_name(text).split()
        named = tuple(condition for condition, signature in _CONDITION_WORDS.items() if signature <= set(words))
        used = set().union(*(_CONDITION_WORDS[condition] for condition in named)) if named else set()
        return cls(conditions=named, product_text=" ".join(word for word in words if word not in used))


# The words that name each condition (its label's first two words: "Full configuration of the order code"
# is "full configuration").
_CONDITION_WORDS = {condition: frozenset(normalize_name(condition.label).split()[:2]) for condition in Condition}


class ProductQuerySet(models.QuerySet):
    def named(self, text, *, scan=False):
        """Products whose names (name, row as printed, former name, abbreviation, order code) best match
        the words of `text`: compact ("oc12", "OC-12" and "OC 12" are one word), in any order, the products
        matching the most words (an extra word matching nothing is ignored); `core.search`.

        Across the portfolio the names are looked up in their compact index; with `scan=True`, for a
        queryset already narrowed to one agreement's products, its few hundred names are read instead,
        which costs the same however many other agreements match the text.
        """
        return best_only(self.matching(text, scan=scan))

    def named_ids(self, text):
        """The ids of `named(text)` across the portfolio, as one subquery (`core.search.best_ids`)."""
        return best_ids(self, normalize_name(text), self._sources(scan=False))

    def own_named_ids(self, text):
        """The ids of the products whose own name holds the whole text (compacted), as one subquery: some of
        `named_ids(text)` (a name holding the whole text is among the best, `core.search.best_ids`), those a
        count can read one by one and stop at (`DiscountLineQuerySet.counted`). None for no term."""
        terms = name_terms(normalize_name(text))
        if not terms:
            return None
        return compact_contains(self.order_by(), "".join(terms), "normalized_name").values("pk")

    def matching(self, text, *, scan=False):
        """Products any of whose names contains a word of `text`, scored by how many (`core.search.scored`)."""
        # One search per table, each a `pk IN (…)`: an OR across the join to the other names would read
        # every product and need DISTINCT.
        return matching_names(self, normalize_name(text), self._sources(scan=scan))

    def _sources(self, *, scan):
        from pricing.models import Product, ProductName

        if scan:
            sources = [
                Source(Product.objects.filter(pk__in=self.values("pk")), "normalized_name", scan=True),
                Source(
                    ProductName.objects.filter(product__in=self.values("pk")),
                    "normalized_name",
                    "product_id",
                    scan=True,
                ),
            ]
        else:
            sources = [
                Source(Product.objects.all(), "normalized_name"),
                Source(ProductName.objects.all(), "normalized_name", "product_id"),
            ]
        return sources

    def without_lines(self):
        """Products no table prints a line for (A-1.26's firm-quotation products)."""
        return self.filter(discount_lines__isnull=True)


# Across the portfolio, lines are counted up to this many; beyond, "more than" this many.
COUNT_LIMIT = 1000


class DiscountLineQuerySet(models.QuerySet):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._page_first = False
        self._row_fields: tuple[str, ...] = ()  # `as_rows`
        self._products: Any = None  # the named products' ids, when `answering` filtered by them
        self._by_own_names = False  # `answering` was given the ids of the products named by their own name
        self._counted: Counted | None = None  # set by `counted`, for this queryset's own slices

    def _clone(self):
        # Django copies a queryset for every filter through `_clone`: the settings above go with it.
        clone = cast(Any, super())._clone()
        clone._page_first, clone._row_fields, clone._products = self._page_first, self._row_fields, self._products
        clone._by_own_names = self._by_own_names
        return clone

    def page_first(self):
        """The same lines, for a question across the portfolio: a slice (a page) is read in two steps
        within one query, the page's ids from the lines alone in the order of the page, then those rows
        with their `select_related` sources.

        Joined to tables, schedules and products, the lines can be read from any side, and a planner may
        read every line of every agreement and sort them all for one page (SQLite does, with the
        statistics of a large portfolio). Alone, they are read through the index of the page's order,
        and the reading stops when the page is full: the first page costs the same with one agreement or
        a thousand. A product name is then looked up the same way (`answering`), unless `counted` found
        few enough lines to read them through the product index and sort them; how each line read is
        checked against the name is `pricing.line_pages`'s choice.
        """
        clone = cast(Any, self)._chain()
        clone._page_first = True
        return clone

    @property
    def pages_first(self) -> bool:
        return self._page_first

    def as_rows(self, *fields: str):
        """The same lines, whose slices are rows of `fields` (`values`), not model instances: a page of
        lines with their product, table, schedule and amendment instances costs more to build than to find.
        """
        clone = cast(Any, self)._chain()
        clone._row_fields = fields
        return clone

    def _plain(self):
        plain = cast(Any, self)._chain()
        plain._page_first, plain._row_fields = False, ()
        return plain

    def __getitem__(self, k):
        if not (isinstance(k, slice) and self._result_cache is None and (self._page_first or self._row_fields)):
            return super().__getitem__(k)
        if not self._page_first:
            return self._plain().values(*self._row_fields)[k]
        ids = self._plain()
        if self._products is not None and self._counted is not None and self._counted.exact:
            # Few lines match (they were counted): through the product index, then sorted. Read in the
            # page's order instead, a rare name would read every line of the portfolio to fill a page.
            flag(ids.query, BY_PRODUCT_INDEX)
        elif (first_lines := self._lines_asked_one_by_one(k)) is not None:
            asked = ids.filter(NotAfterFirstLines(first_lines, tuple(self.model._meta.ordering)))
            flag(asked.query, LINE_BY_LINE)
            page = self._rows(asked, k)
            if len(page) == k.stop - (k.start or 0):
                return page
            # Fewer than a page among the first lines: past them, the hashed way.
        return self._rows(ids, k)

    def _rows(self, ids, k):
        """The page `k` of `ids`, by id alone: the conditions are not asked twice."""
        rows = self.model._default_manager.filter(pk__in=ids.values("pk")[k])
        rows.query.select_related = self.query.select_related
        rows.query.deferred_loading = self.query.deferred_loading
        if self._row_fields:
            rows = rows.values(*self._row_fields)
        return rows.order_by(*self.query.order_by) if self.query.order_by else rows

    def _lines_asked_one_by_one(self, k: slice) -> int | None:
        """How many of the first lines to ask line by line for the page `k` (`pricing.line_pages`): on
        PostgreSQL, in the lines' own order, of the products one word names as the name indexes give
        them (`core.search.IndexIds`), when the name was counted past
        the limit (a common name; uncounted, as on the lookup page, a rare name would be asked line by
        line in vain before the hashed way). None: the hashed way."""
        ordering = tuple(self.model._meta.ordering)
        in_own_order = self.query.default_ordering and tuple(self.query.order_by) in ((), ordering)
        common = self._counted is not None and not self._counted.exact
        # One word: many products (3,000 for "5ESS" in a thousand agreements), each with lines in every
        # agreement. Names holding several words are fewer ("5ESS switch": one an agreement), and their
        # lines sparser: gathered, they cost less than asking line by line.
        one_word = isinstance(self._products, IndexIds) and self._products.words == 1
        if not (one_word and common and in_own_order and k.stop is not None):
            return None
        if connections[self.db].vendor != "postgresql":
            return None
        first_lines = LINES_ASKED_PER_LINE * k.stop
        return first_lines if first_lines <= LINES_ASKED_MAX else None

    def counted(self, limit: int = COUNT_LIMIT) -> Counted:
        """How many lines match, counting no further than `limit` + 1 (remembered for this queryset's
        slices, see `__getitem__`)."""
        lines = self._plain().order_by()
        flag(lines.query, BY_PRODUCT_INDEX)
        if self._by_own_names and connections[self.db].vendor == "postgresql":
            number = count_own_names_first(lines, limit)
        else:
            number = lines[: limit + 1].count()
        self._counted = Counted.up_to(number, limit)
        return self._counted

    def with_sources(self):
        return self.select_related("product", "table__schedule", "table__amendment")

    def overlapping(self, start, end):
        """Lines whose validity shares a day with [start, end] (end None: open)."""
        lines = self.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start))
        if end is not None:
            lines = lines.filter(valid_from__lte=end)
        return lines

    def valid_on(self, on):
        """Lines valid on `on` by their own dates (which table is in force is decided separately)."""
        return self.filter(valid_from__lte=on).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))

    def matching(self, text):
        """The lines `text` asks for (`LineQuery`): of the products its other words best name, with a
        condition it names ("5ESS large growth": the 5ESS lines for large growth)."""
        from pricing.models import Product

        query = LineQuery.read(text)
        return self.answering(query, Product.objects.named(query.product_text).values("pk"))

    def answering(self, query: LineQuery, product_ids, own_ids=None):
        """The lines of the products of `product_ids` (a subquery: those `query.product_text` names, in the
        scope asked about) with a condition `query` names; none when it names neither. `own_ids`, some of
        `product_ids` (`ProductQuerySet.own_named_ids`), let a count across the portfolio stop early."""
        lines = self
        if query.product_text and self._page_first:
            lines = lines.filter(InPageOrder(product_ids, own_ids))
            lines._products = product_ids
            lines._by_own_names = own_ids is not None
        elif query.product_text:
            lines = lines.filter(product__in=product_ids)
        elif not query.conditions:
            return self.none()
        if query.conditions:
            lines = lines.filter(condition__in=query.conditions)
        return lines

    def in_force(self, on, as_agreed=None):
        """The lines in force on `on` as agreed on `as_agreed`, within each agreement's Term: the rule of
        `pricing.in_force`, as SQL conditions, so it is filtered, counted and paged in the database."""
        return self.filter(line_in_force(AsOf(on=on, as_agreed=as_agreed)))
