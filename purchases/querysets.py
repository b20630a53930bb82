"""Many-row questions about purchases, answered in the database (see `purchases.models.Purchase`)."""

from datetime import date
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import OuterRef, Subquery

if TYPE_CHECKING:
    from contracts.models import Agreement
    from purchases.models import Purchase  # noqa: F401  # named by the QuerySet["Purchase"] base


class PurchaseQuerySet(models.QuerySet["Purchase"]):
    def with_references(self) -> "PurchaseQuerySet":
        """What a row shows and the checks read about its agreement, buyer and remedy: one query."""
        return self.select_related("agreement", "buyer", "remedy__release")

    def with_versions(self) -> "PurchaseQuerySet":
        """Each purchase's version (its latest history row's id, `core.editing`) read with it, in the
        same query: a page of purchases shows every row's version without a query per row."""
        history = self.model.history.model.objects.filter(id=OuterRef("pk")).order_by("-history_id")
        return self.annotate(version=Subquery(history.values("history_id")[:1]))

    def of_agreement(self, agreement: "Agreement | int") -> "PurchaseQuerySet":
        return self.filter(agreement=agreement)

    def ordered_between(self, start: date | None, end: date | None) -> "PurchaseQuerySet":
        """Orders placed from `start` to `end`, both included; an open end is not a bound."""
        queryset = self
        if start is not None:
            queryset = queryset.filter(order_date__gte=start)
        if end is not None:
            queryset = queryset.filter(order_date__lte=end)
        return queryset

    def product_contains(self, text: str) -> "PurchaseQuerySet":
        return self.filter(product_as_entered__icontains=text.strip())

    def under_remedies(self) -> "PurchaseQuerySet":
        """Purchases made elsewhere under a slip remedy (b)."""
        return self.filter(remedy__isnull=False)
