"""Many-row questions about releases."""

from django.db import models


class ReleaseQuerySet(models.QuerySet):
    def with_schedule(self):
        """Everything a release needs to understand its own dates ("Now" is the amendment's date)."""
        return self.select_related("group__product_line__schedule__amendment")

    def for_slips(self):
        """Releases with what slip flags read, in a fixed number of queries however many rows."""
        return self.with_schedule().prefetch_related("revisions__recorded_by", "remedies")

    def in_product_line(self, product_line):
        return self.filter(group__product_line=product_line)
