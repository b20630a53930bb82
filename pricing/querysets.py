"""Many-row questions about discount tables and lines."""

from django.db import models
from django.db.models import Q

from contracts.names import normalize_name
from core.pointintime.dates import AsOf
from core.search import contains
from pricing.in_force import line_in_force


class ProductQuerySet(models.QuerySet):
    def named(self, text, *, scan=False):
        """Products any of whose names (name, row as printed, former name, abbreviation, order code)
        contains `text`, compared normalized: case, punctuation and (TM)/(R) do not matter.

        Across the portfolio the names are looked up in their text-search index (`core.search`); with
        `scan=True`, for a queryset already narrowed to one agreement's products, its few hundred names
        are read instead, which costs the same however many other agreements match the text.
        """
        key = normalize_name(text)
        if not key:
            return self.none()
        from pricing.models import Product, ProductName

        # One search per table, each a `pk IN (…)`: an OR across the join to the other names would read
        # every product and need DISTINCT.
        if scan:
            other_names = ProductName.objects.filter(product__in=self.values("pk"), normalized_name__contains=key)
            return self.filter(Q(normalized_name__contains=key) | Q(pk__in=other_names.values("product_id")))
        by_name = contains(Product.objects.all(), key).values("pk")
        by_other_name = contains(ProductName.objects.all(), key).values("product_id")
        return self.filter(Q(pk__in=by_name) | Q(pk__in=by_other_name))

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

    def in_force(self, on, as_agreed=None):
        """The lines in force on `on` as agreed on `as_agreed`, within each agreement's Term: the rule of
        `pricing.in_force`, as SQL conditions, so it is filtered, counted and paged in the database."""
        return self.filter(line_in_force(AsOf(on=on, as_agreed=as_agreed)))
