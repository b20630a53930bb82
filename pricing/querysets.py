"""Many-row questions about discount tables and lines."""

from django.db import models
from django.db.models import Q

from contracts.names import normalize_name


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


class DiscountTableQuerySet(models.QuerySet):
    def agreed_by(self, as_agreed):
        """Tables printed in amendments effective on or before `as_agreed` (None: all of them)."""
        if as_agreed is None:
            return self
        return self.filter(amendment__effective_date__lte=as_agreed)

    def in_force(self, on, as_agreed=None):
        """Tables in force on `on`: per schedule, those started by then from the last replacement on.

        A replacement ends every earlier table of its schedule; which tables count depends on
        `as_agreed`, so this is decided here rather than stored as end dates.
        """
        tables = list(self.agreed_by(as_agreed).filter(valid_from__lte=on).select_related("amendment"))
        return self.filter(pk__in=[t.pk for t in tables_in_force(tables)])


def tables_in_force(tables):
    """From tables already started and agreed: per schedule, the last replacement and what follows."""
    by_schedule = {}
    for table in tables:
        by_schedule.setdefault(table.schedule_id, []).append(table)
    result = []
    for group in by_schedule.values():
        group.sort(key=table_order)
        replacements = [i for i, t in enumerate(group) if t.action == "replace"]
        result.extend(group[replacements[-1] if replacements else 0 :])
    return result


def table_order(table):
    """Tables of one schedule in the order they took hold: start date, then the amendment's date."""
    return (table.valid_from, table.amendment.effective_date, table.amendment.number, table.pk or 0)


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
        """Lines of the tables in force on `on` as agreed on `as_agreed`, valid that day."""
        from pricing.models import DiscountTable

        tables = DiscountTable.objects.in_force(on, as_agreed)
        return self.valid_on(on).filter(table__in=list(tables.values_list("pk", flat=True)))
