"""Many-row questions about releases."""

from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Sum

if TYPE_CHECKING:
    from releases.models import Release, Remedy  # noqa: F401 (named in the QuerySet["…"] bases)


class ReleaseQuerySet(models.QuerySet["Release"]):
    def with_schedule(self):
        """Everything a release needs to understand its own dates ("Now" is the amendment's date)."""
        return self.select_related("group__product_line__schedule__amendment")

    def for_slips(self):
        """Releases with what slip flags read, in a fixed number of queries however many rows."""
        return self.with_schedule().prefetch_related("revisions__recorded_by", "remedies")

    def in_product_line(self, product_line):
        return self.filter(group__product_line=product_line)


class RemedyQuerySet(models.QuerySet["Remedy"]):
    def toward_purchase_commitment(self, on):
        """Remedy (b) purchases agreed by `on`: Amendment 3 §5 counts them as Lucent Products."""
        return self.filter(option="b", agreed_on__lte=on)

    def purchase_total(self, on) -> Decimal:
        """Their recorded amounts, summed exactly; purchases without an amount are not counted as zero
        but left out (see `unpriced`)."""
        total = self.toward_purchase_commitment(on).aggregate(total=Sum("purchase_amount"))["total"]
        return total if total is not None else Decimal("0.00")

    def unpriced(self, on):
        return self.toward_purchase_commitment(on).filter(purchase_amount__isnull=True)
