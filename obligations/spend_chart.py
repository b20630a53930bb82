"""Spend by product group over quarters as a picture: geometry for an SVG the template draws, no script.

One stacked bar per quarter of the order date, one segment per product group (its known amounts
paid); the y axis in dollars with round ticks. The same figures are the page's table (the chart's
text alternative and its export), so nothing is only in the picture.
"""

from dataclasses import dataclass
from decimal import Decimal

from obligations.spending import SpendReport, quarter_label

LEFT, TOP, PLOT_HEIGHT, BAR_WIDTH, GAP = 90, 20, 260, 28, 12
# Distinguishable in colour and in grey; each legend entry also names its group in text.
PALETTE = ("#1b6ca8", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#7a7a7a", "#f0e442", "#000000")


@dataclass(frozen=True)
class Segment:
    x: float
    y: float
    height: float
    colour: str
    title: str  # shown as the segment's tooltip: group, quarter, amount


@dataclass(frozen=True)
class QuarterBar:
    x: float
    label: str
    total: Decimal
    segments: tuple[Segment, ...]

    @property
    def label_x(self) -> float:
        return self.x + BAR_WIDTH / 2


@dataclass(frozen=True)
class SpendChart:
    width: int
    height: int
    bars: tuple[QuarterBar, ...]
    ticks: tuple[tuple[float, str], ...]  # (y, dollars)
    legend: tuple[tuple[str, str], ...]  # (colour, group)
    axis_y: float
    summary: str  # the picture in one sentence (its <desc>)


def _nice_top(largest: Decimal) -> Decimal:
    """A round axis maximum at or above `largest`: 1, 2 or 5 times a power of ten."""
    if largest <= 0:
        return Decimal(1)
    power = Decimal(10) ** (len(str(int(largest))) - 1)
    for step in (1, 2, 5, 10):
        if largest <= step * power:
            return step * power
    return 10 * power


def _dollars(value: Decimal) -> str:
    return f"${value:,.0f}"


def spend_chart(report: SpendReport) -> SpendChart | None:
    if not report.quarters:
        return None
    colours = {group: PALETTE[i % len(PALETTE)] for i, group in enumerate(report.groups)}
    top = _nice_top(max(report.quarter_total(q) for q in report.quarters))
    scale = Decimal(PLOT_HEIGHT) / top
    axis_y = TOP + PLOT_HEIGHT
    bars = []
    for index, quarter in enumerate(report.quarters):
        x, y = LEFT + GAP + index * (BAR_WIDTH + GAP), Decimal(axis_y)
        segments = []
        for group in report.groups:
            cell = report.cell(group, quarter)
            if cell is None or cell.amount <= 0:
                continue
            height = cell.amount * scale
            y -= height
            title = f"{group}, {quarter_label(quarter)}: {_dollars(cell.amount)} paid"
            segments.append(Segment(x, round(float(y), 1), round(float(height), 1), colours[group], title))
        bars.append(QuarterBar(x, quarter_label(quarter), report.quarter_total(quarter), tuple(segments)))
    ticks = tuple((round(axis_y - float(top * i / 4 * scale), 1), _dollars(top * i / 4)) for i in range(5))
    first, last = quarter_label(report.quarters[0]), quarter_label(report.quarters[-1])
    summary = (
        f"Amounts paid by quarter of the order date, {first} to {last}, stacked by product group; "
        f"{_dollars(report.total)} in all"
        + (f", and {report.unknown} purchases whose amount is unknown (not drawn)." if report.unknown else ".")
    )
    return SpendChart(
        width=LEFT + GAP + len(bars) * (BAR_WIDTH + GAP) + 20,
        height=axis_y + 60,
        bars=tuple(bars),
        ticks=ticks,
        legend=tuple((colours[g], g) for g in report.groups),
        axis_y=axis_y,
        summary=summary,
    )
