"""The release board: every release's milestone status on an as-of date, filtered by the result.

Bridges the models to the pure rules in `slips`: it reads prefetched revisions and remedies (see
`ReleaseQuerySet.for_slips`), so a board of 5 or 500 releases costs the same number of queries.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from releases.datewindows import DateWindow
from releases.models import Milestone, Release
from releases.slips import Flag, Forecast, MilestoneFacts, MilestoneStatus, assess


def milestone_facts(release: Release, milestone) -> MilestoneFacts:
    """The facts of one milestone. Need-by dates and remedies concern GA (deployment waits for it)."""
    is_ga = milestone == Milestone.GA
    forecasts = []
    for revision in release.revisions.all():
        window = revision.window(schedule_date=revision.recorded_on) if revision.milestone == milestone else None
        if window is not None:  # a revision always has a date (ForecastRevision.clean); None is no forecast
            forecasts.append(Forecast(revision.recorded_on, window))
    return MilestoneFacts(
        committed=release.committed_window(milestone),
        column_ambiguous=release.column_ambiguous,
        forecasts=tuple(forecasts),
        actual=release.actual_date(milestone),
        need_by=release.need_by_date if is_ga else None,
        remedies_agreed_on=tuple(r.agreed_on for r in release.remedies.all()) if is_ga else (),
    )


@dataclass(frozen=True)
class ReleaseStatus:
    """Both milestones of a release on one date."""

    release: Release
    as_of: date
    ci_fsa: MilestoneStatus
    ga: MilestoneStatus

    def milestone(self, milestone) -> MilestoneStatus:
        return self.ci_fsa if milestone == Milestone.CI_FSA else self.ga

    @property
    def milestones(self) -> list[tuple]:
        """(label, as written, window, status) for each milestone, for the release page."""
        release = self.release
        return [
            (label, release.committed_as_written(m), release.committed_window(m), self.milestone(m))
            for m, label in Milestone.choices
        ]

    @property
    def remedies(self) -> list[tuple]:
        """Each remedy with where it stands on the as-of date."""
        return [(remedy, remedy.status_on(self.as_of)) for remedy in self.release.remedies.all()]

    @property
    def readings(self) -> list[tuple[str, DateWindow | None, str]]:
        """For a row whose column is ambiguous: what its single date would mean in either column, and
        what that reading leaves unknown."""
        if not self.release.column_ambiguous:
            return []
        window = self.release.single_value_window()
        return [("if it is the CI/FSA date", window, "and GA is unknown"), ("if it is the GA date", window, "")]


def release_status(release: Release, *, as_of: date) -> ReleaseStatus:
    return ReleaseStatus(
        release=release,
        as_of=as_of,
        ci_fsa=assess(milestone_facts(release, Milestone.CI_FSA), as_of=as_of),
        ga=assess(milestone_facts(release, Milestone.GA), as_of=as_of),
    )


@dataclass(frozen=True)
class BoardRow:
    """One release on the board, seen through one milestone."""

    release: Release
    milestone: str
    status: MilestoneStatus

    @property
    def product_line(self):
        return self.release.group.product_line

    @property
    def group(self):
        return self.release.group.name

    @property
    def committed_window(self) -> DateWindow | None:
        return self.release.committed_window(self.milestone)

    @property
    def as_written(self) -> str:
        if self.release.column_ambiguous:
            return f"{self.release.single_value_as_written} (column?)"
        return self.release.committed_as_written(self.milestone) or "blank"

    @property
    def flag_names(self) -> str:
        return "; ".join(f.value for f in self.status.flags)


def board_rows(
    releases,
    *,
    as_of: date,
    milestone=Milestone.GA,
    flag: Flag | None = None,
    deadline_from: date | None = None,
    deadline_to: date | None = None,
) -> list[BoardRow]:
    """The rows of the board; a deadline range leaves out rows without a deadline."""
    rows = []
    for release in releases:
        status = assess(milestone_facts(release, milestone), as_of=as_of)
        if flag is not None and not status.has(flag):
            continue
        if deadline_from or deadline_to:
            if status.deadline is None:
                continue
            if deadline_from and status.deadline < deadline_from:
                continue
            if deadline_to and status.deadline > deadline_to:
                continue
        rows.append(BoardRow(release, milestone, status))
    return rows


def flag_counts(rows: list[BoardRow]) -> list[tuple[Flag, int]]:
    """How many rows carry each flag, in the flags' display order; flags no row has are left out."""
    counts = Counter(flag for row in rows for flag in row.status.flags)
    return [(flag, counts[flag]) for flag in Flag if counts[flag]]
