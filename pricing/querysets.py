"""Many-row questions about discount tables and lines."""

from django.db import models
from django.db.models import Q

from contracts.names import normalize_name
from contracts.snapshot import term_standing
from core.pointintime.dates import AsOf
from pricing.in_force import lines_in_force, within_term


class ProductQuerySet(models.QuerySet):
    def named(self, text):
        """Products any of whose names (name, row as printed, former name, abbreviation, order code)
        contains `text`, compared normalized: case, punctuation and (TM)/(R) do not matter."""
        key = normalize_name(text)
        if not key:
            return self.none()
        return self.filter(Q(normalized_name__contains=key) | Q(other_names__normalized_name__contains=key)).distinct()

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
        """The lines in force on `on` as agreed on `as_agreed`: the same rule the quote engine applies
        (`pricing.in_force.lines_in_force`), within each agreement's Term.

        A line's competitors (the same product's lines of other tables) are read even when this queryset
        was filtered narrower, so a filter can never make a superseded line look in force.
        """
        from contracts.models import TermVersion
        from pricing.models import DiscountLine, DiscountTable

        as_of = AsOf(on=on, as_agreed=as_agreed)
        candidates = list(
            DiscountLine.objects.filter(product__in=self.values("product"))
            .valid_on(on)
            .select_related("table__amendment", "table__schedule__agreement")
        )
        schedules = {line.table.schedule_id for line in candidates}
        tables = DiscountTable.objects.filter(schedule__in=schedules).select_related("amendment")
        agreements = {line.table.schedule.agreement_id: line.table.schedule.agreement for line in candidates}
        versions: dict[int, list] = {}
        for version in TermVersion.objects.filter(agreement__in=agreements).select_related("amendment"):
            versions.setdefault(version.agreement_id, []).append(version)
        running = {
            pk
            for pk, agreement in agreements.items()
            if within_term(term_standing(agreement, as_of, versions=versions.get(pk, [])))
        }
        kept = [
            line.pk for line in lines_in_force(candidates, tables, as_of) if line.table.schedule.agreement_id in running
        ]
        return self.filter(pk__in=kept)
