"""The schedule as a picture: geometry for an SVG drawn by the template, no script, no service.

One row per release, on one time axis: the CI/FSA window (light), the GA committed window, the
latest forecast window (outlined), the actual GA date (a diamond), the need-by date (a red tick), and
the as-of date (a vertical line). A row whose column is ambiguous shows its single date dashed.
"""

from dataclasses import dataclass
from datetime import date

from core.pointintime.axis import year_ticks
from releases.board import release_status
from releases.slips import Flag

LABEL_WIDTH = 300
CHART_WIDTH = 760
ROW_HEIGHT = 20
HEADER_HEIGHT = 30
# A year label ("2003") is about 26px wide at the labels' 11px: labels at least this far apart never touch.
TICK_GAP = 40


@dataclass(frozen=True)
class Bar:
    x: float
    width: float
    title: str


@dataclass(frozen=True)
class TimelineRow:
    y: float
    label: str
    url: str
    ci_fsa: Bar | None
    committed: Bar | None
    ambiguous: Bar | None
    forecast: Bar | None
    actual_x: float | None
    need_by_x: float | None
    flags: tuple[Flag, ...]

    @property
    def mid(self) -> float:
        return self.y + ROW_HEIGHT / 2


@dataclass(frozen=True)
class Timeline:
    as_of: date
    start: date
    end: date
    width: int
    height: int
    rows: list[TimelineRow]
    headings: list[tuple[float, str, str]]
    ticks: list[tuple[float, str]]
    as_of_x: float | None  # None when the as-of date falls outside the dates shown
    label_width: int = LABEL_WIDTH

    @property
    def description(self) -> str:
        """What the picture shows, in words (its text alternative)."""
        releases = len(self.rows)
        shown = f"{releases} release{'s' if releases != 1 else ''} from {self.start:%Y} to {self.end:%Y}"
        where = "" if self.as_of_x is not None else f"; {self.as_of:%Y-%m-%d} is outside the years shown"
        return f"Release timeline: {shown}, as of {self.as_of:%Y-%m-%d}{where}. Each release links to its page."


class _Scale:
    def __init__(self, start: date, end: date):
        self.start, self.days = start, max((end - start).days, 1)

    def x(self, day: date) -> float:
        return round(LABEL_WIDTH + CHART_WIDTH * (day - self.start).days / self.days, 1)

    def bar(self, window, title) -> Bar | None:
        if window is None:
            return None
        x = self.x(window.start)
        # A one-day window is drawn 3px wide so it stays visible.
        return Bar(x, max(round(self.x(window.end) - x, 1), 3), title)


def schedule_timeline(releases, *, as_of: date) -> Timeline:
    """The releases on one axis that fits their dates (whole years). The as-of date widens it by a year
    at most: a date chosen years away is not drawn, rather than squeezing the releases into a corner."""
    statuses = [release_status(r, as_of=as_of) for r in releases]
    dates = []
    for status in statuses:
        release = status.release
        for window in _windows(status):
            dates += [window.start, window.end]
        dates += [d for d in (status.ga.actual, release.need_by_date) if d]
    if not dates or min(dates).year - 1 <= as_of.year <= max(dates).year + 1:
        dates.append(as_of)
    start, end = date(min(dates).year, 1, 1), date(max(dates).year, 12, 31)
    scale = _Scale(start, end)
    rows, y = [], HEADER_HEIGHT
    headings: list[tuple[float, str, str]] = []  # (y, product line, its timeline's URL)
    for status in statuses:
        release = status.release
        line = release.group.product_line
        if not headings or headings[-1][2] != line.get_absolute_url():
            headings.append((y + ROW_HEIGHT * 0.7, line.name, line.get_absolute_url()))
            y += ROW_HEIGHT
        label = f"{release.group.name} · {release.name_as_written}" if release.group.name else release.name_as_written
        forecast = status.ga.latest_forecast
        rows.append(
            TimelineRow(
                y=y,
                label=label,
                url=release.get_absolute_url(),
                ci_fsa=scale.bar(release.committed_window("ci_fsa"), "CI/FSA"),
                committed=scale.bar(release.committed_window("ga"), "GA committed"),
                ambiguous=scale.bar(release.single_value_window(), "column ambiguous"),
                forecast=scale.bar(forecast.window if forecast else None, "latest GA forecast"),
                actual_x=scale.x(status.ga.actual) if status.ga.actual else None,
                need_by_x=scale.x(release.need_by_date) if release.need_by_date else None,
                flags=status.ga.flags,
            )
        )
        y += ROW_HEIGHT
    years = year_ticks(start, end, width=CHART_WIDTH, min_gap=TICK_GAP)
    ticks = [(scale.x(date(year, 1, 1)), str(year)) for year in years]
    return Timeline(
        as_of=as_of,
        start=start,
        end=end,
        width=LABEL_WIDTH + CHART_WIDTH + 20,
        height=y + 10,
        rows=rows,
        headings=headings,
        ticks=ticks,
        as_of_x=scale.x(as_of) if start <= as_of <= end else None,
    )


def _windows(status):
    release = status.release
    candidates = [
        release.committed_window("ci_fsa"),
        release.committed_window("ga"),
        release.single_value_window(),
        status.ga.latest_forecast.window if status.ga.latest_forecast else None,
    ]
    return [w for w in candidates if w is not None]
