"""A product's discount lines over time, as bars for the product page (server-side SVG, no script).

A line's bar runs from its start to the first of: its own stated end, the start of a later table
that replaced its table (as agreed now), or the end of the Term. The stretch before a table that
replaced one not in the documents is drawn as "unknown".
"""

from dataclasses import dataclass
from datetime import date, timedelta

from contracts.snapshot import term_standing
from core.pointintime.axis import year_ticks
from core.pointintime.dates import AsOf
from pricing.in_force import table_order

_ROW = 26
# The picture is as wide as the page (positions in %): at most about 8 year labels fit a phone's width.
_TICK_GAP = 12.5


@dataclass(frozen=True)
class Bar:
    label: str
    start: date
    end: date | None
    kind: str  # "line", "no-number", "unknown"
    source: str
    x: float = 0
    width: float = 0
    y: int = 0

    @property
    def text_y(self):
        return self.y + 16


@dataclass(frozen=True)
class Timeline:
    start: date
    end: date
    bars: tuple
    ticks: tuple

    @property
    def height(self):
        return len(self.bars) * _ROW + 24

    @property
    def description(self) -> str:
        """What the picture shows, in words (its text alternative)."""
        bars = "; ".join(f"{b.label}, {b.start:%Y-%m-%d} to {b.end or 'open'} ({b.source})" for b in self.bars)
        return f"Discount lines from {self.start:%Y-%m-%d} to {self.end:%Y-%m-%d}: {bars}."


def product_timeline(product, lines, schedule_tables, agreement) -> Timeline:
    """Bars for `lines` (the product's, with tables) among all tables of its schedule."""
    tables = sorted(schedule_tables, key=table_order)
    term_end = term_standing(agreement, AsOf(on=agreement.effective_date)).expiry_date
    raw = []
    first = tables[0] if tables else None
    if first is not None and first.action == "replace" and agreement.effective_date < first.valid_from:
        raw.append(
            Bar(
                "unknown: replaced table not in the documents",
                agreement.effective_date,
                first.valid_from - timedelta(days=1),
                "unknown",
                f"table replaced by {first.amendment}",
            )
        )
    for line in sorted(lines, key=lambda line: (table_order(line.table), line.position, line.column)):
        end = _end(line, tables, term_end)
        label = f"{line.percent_label} {line.get_component_display() or ''} {line.get_condition_display() or ''}"
        raw.append(
            Bar(
                " ".join(label.split()),
                line.valid_from,
                end,
                "line" if line.percent is not None else "no-number",
                f"{line.table.amendment} §{line.table.amendment_section}",
            )
        )
    if not raw:
        return Timeline(agreement.effective_date, agreement.effective_date, (), ())
    start = min(b.start for b in raw)
    stop = max([b.end or b.start for b in raw] + [term_end or start])
    span = max((stop - start).days, 1)
    placed = tuple(
        Bar(
            b.label,
            b.start,
            b.end,
            b.kind,
            b.source,
            x=round((b.start - start).days / span * 100, 2),
            width=max(round(((b.end or stop) - b.start).days / span * 100, 2), 0.5),
            y=i * _ROW,
        )
        for i, b in enumerate(raw)
    )
    ticks = tuple(
        (round((date(year, 1, 1) - start).days / span * 100, 2), year)
        for year in year_ticks(start, stop, width=100, min_gap=_TICK_GAP)
    )
    return Timeline(start, stop, placed, ticks)


def _end(line, tables, term_end):
    ends = [d for d in (line.valid_to, term_end) if d is not None]
    for table in tables:
        if table.action == "replace" and table.pk != line.table_id and table.valid_from > line.valid_from:
            ends.append(table.valid_from - timedelta(days=1))
    return min(ends) if ends else None
