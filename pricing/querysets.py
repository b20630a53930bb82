"""Many-row questions about discount tables and lines."""

from dataclasses import dataclass

from django.db import models
from django.db.models import Q

from contracts.names import normalize_name
from core.pointintime.dates import AsOf
from core.search import Source, best_only, matching_names
from pricing.choices import Condition
from pricing.in_force import line_in_force


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

    def matching(self, text, *, scan=False):
        """Products any of whose names contains a word of `text`, scored by how many (`core.search.scored`)."""
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
        # One search per table, each a `pk IN (…)`: an OR across the join to the other names would read
        # every product and need DISTINCT.
        return matching_names(self, normalize_name(text), sources)

    def without_lines(self):
        """Products no table prints a line for (A-1.26's firm-quotation products)."""
        return self.filter(discount_lines__isnull=True)


class DiscountLineQuerySet(models.QuerySet):
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
        return self.answering(query, Product.objects.named(query.product_text))

    def answering(self, query: LineQuery, products):
        """The lines of `products` (those `query.product_text` names, in the scope asked about) with a
        condition `query` names; none when it names neither."""
        lines = self
        if query.product_text:
            lines = lines.filter(product__in=products.values("pk"))
        elif not query.conditions:
            return self.none()
        if query.conditions:
            lines = lines.filter(condition__in=query.conditions)
        return lines

    def in_force(self, on, as_agreed=None):
        """The lines in force on `on` as agreed on `as_agreed`, within each agreement's Term: the rule of
        `pricing.in_force`, as SQL conditions, so it is filtered, counted and paged in the database."""
        return self.filter(line_in_force(AsOf(on=on, as_agreed=as_agreed)))
