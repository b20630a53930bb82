"""The release board: one agreement's releases with their milestone status on an as-of date.

The database scopes the board to the agreement, filters it by product line, flag and deadline (the flags
as query expressions, `slips.flag_conditions`), counts, sorts and cuts it into pages; the statuses
shown are computed by `slips.assess` for the rows of the page only, from revisions and remedies
prefetched for those rows. So a board costs the same number of queries and about the same time
whether the database holds one agreement or a thousand.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from django.db.models import Count, Prefetch, QuerySet, prefetch_related_objects

from contracts.models import Agreement
from contracts.snapshot import term_standing
from core.pointintime.dates import AsOf
from core.pointintime.defaults import DefaultDate, default_on
from releases.datewindows import DateWindow
from releases.models import ForecastRevision, Milestone, Release, ReleaseSchedule
from releases.querysets import ReleaseQuerySet
from releases.slips import Flag, Forecast, MilestoneFacts, MilestoneStatus, assess, flag_conditions


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


class BoardRows(Sequence[BoardRow]):
    """The rows of some releases of a board, read and assessed once, when first asked for."""

    def __init__(self, releases: Iterable[Release], *, as_of: date, milestone: str):
        self._releases, self.as_of, self.milestone = releases, as_of, milestone

    @cached_property
    def _rows(self) -> list[BoardRow]:
        releases = list(self._releases)
        prefetches: list[str | Prefetch] = [
            # Of two forecasts recorded the same day the later saved is the latest, here as in
            # `ReleaseQuerySet.with_flags`.
            Prefetch(
                "revisions",
                queryset=ForecastRevision.objects.filter(milestone=self.milestone).order_by("recorded_on", "pk"),
            ),
        ]
        if self.milestone == Milestone.GA:  # remedies concern GA only
            prefetches.append("remedies")
        prefetch_related_objects(releases, *prefetches)
        return [
            BoardRow(release, self.milestone, assess(milestone_facts(release, self.milestone), as_of=self.as_of))
            for release in releases
        ]

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, index):  # a Sequence: an index or a slice
        return self._rows[index]


@dataclass(frozen=True)
class Board:
    """One agreement's board for one milestone on one date: `releases` is filtered, sorted and counted in
    the database; slicing it gives `BoardRows`, so only the rows read are assessed (the API's and the
    page's paginators slice it)."""

    agreement: Agreement
    as_of: date
    milestone: str
    releases: ReleaseQuerySet

    def count(self) -> int:
        return self.releases.count()

    def rows(self, releases: Iterable[Release] | None = None) -> BoardRows:
        """The rows of `releases` (default: all of the board's)."""
        return BoardRows(self.releases if releases is None else releases, as_of=self.as_of, milestone=self.milestone)

    def __getitem__(self, key: slice) -> BoardRows:
        return self.rows(self.releases[key])

    def flag_counts(self) -> list[tuple[Flag, int]]:
        """How many of the board's rows carry each flag, in the flags' display order; flags no row has
        are left out. One query."""
        conditions = flag_conditions(as_of=self.as_of)
        counts = self.releases.aggregate(**{flag.name: Count("pk", filter=conditions[flag]) for flag in Flag})
        return [(flag, counts[flag.name]) for flag in Flag if counts[flag.name]]


def board(
    agreement: Agreement,
    *,
    as_of: date,
    milestone: str = Milestone.GA,
    product_lines: QuerySet | None = None,
    flag: Flag | None = None,
    deadline_from: date | None = None,
    deadline_to: date | None = None,
) -> Board:
    """The board of `agreement`; a deadline range leaves out rows without a deadline."""
    releases = Release.objects.of_agreement(agreement)
    if product_lines is not None:
        releases = releases.filter(group__product_line__in=product_lines)
    releases = releases.with_flags(as_of=as_of, milestone=milestone)
    if flag is not None:
        releases = releases.filter(flag_conditions(as_of=as_of)[flag])
    if deadline_from:
        releases = releases.filter(slip_deadline__gte=deadline_from)
    if deadline_to:
        releases = releases.filter(slip_deadline__lte=deadline_to)
    return Board(agreement=agreement, as_of=as_of, milestone=milestone, releases=releases.with_schedule())


def sole_scheduled_agreement() -> Agreement | None:
    """The agreement a board or timeline shows when none is named: the only one with a release
    schedule; None when several have one (the user must choose) or none has."""
    ids = list(ReleaseSchedule.objects.order_by().values_list("amendment__agreement", flat=True).distinct()[:2])
    return Agreement.objects.get(pk=ids[0]) if len(ids) == 1 else None


def default_as_of(agreement: Agreement, *, today: date | None = None) -> DefaultDate:
    """The date the board, the timelines and the release page answer for when none is asked: today, or
    the Term's last day once the Term (every amendment on record) has ended. One query."""
    today = today or default_on(term_expiry=None).today
    term = term_standing(agreement, AsOf(on=today))
    return default_on(term_expiry=term.expiry_date, today=today)
