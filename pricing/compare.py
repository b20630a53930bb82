"""Discount lines in a comparison of two points in time (contract time or system time)."""

from core.diff import Change
from core.recorded import rows_as_recorded
from pricing.models import DiscountLine

_FIELDS = ("percent", "percent_as_written", "no_number_reason", "component", "condition", "valid_from", "valid_to")


def _label(line):
    # Only tables with several discount columns (5ESS) need the column to tell rows apart.
    column = f" [{line.column}]" if line.column and line.column.upper() != "DISCOUNT" else ""
    return f"{line.product_as_written}{column}"


def _text(line):
    return f"{line.percent_label}, valid from {line.valid_from:%Y-%m-%d}" + (
        f" to {line.valid_to:%Y-%m-%d}" if line.valid_to else ""
    )


def discount_changes_between(agreement, left, right) -> list[Change]:
    """Lines in force at `left` versus at `right` (each an AsOf: on date and as-agreed date)."""

    def in_force(as_of):
        lines = DiscountLine.objects.filter(table__schedule__agreement=agreement).in_force(as_of.on, as_of.as_agreed)
        return {line.pk: line for line in lines}

    before, after = in_force(left), in_force(right)
    changes = []
    for pk in sorted(set(before) | set(after)):
        old, new = before.get(pk), after.get(pk)
        old_text, new_text = (_text(old) if old else "not in force"), (_text(new) if new else "not in force")
        if old_text != new_text:
            changes.append(Change(_label(old or new), old_text, new_text))
    return changes


def discount_changes_since(agreement, at) -> list[Change]:
    """Discount lines as recorded at `at` versus as recorded now (typing corrections included)."""
    then = {line.pk: line for line in rows_as_recorded(DiscountLine, at, table__schedule__agreement=agreement)}
    now = {line.pk: line for line in DiscountLine.objects.filter(table__schedule__agreement=agreement)}
    changes = []
    for pk in sorted(set(then) | set(now)):
        old, new = then.get(pk), now.get(pk)
        if old and new and all(getattr(old, f) == getattr(new, f) for f in _FIELDS):
            continue
        changes.append(
            Change(_label(old or new), _text(old) if old else "not recorded", _text(new) if new else "deleted")
        )
    return changes
