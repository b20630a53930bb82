"""What needs attention in the release schedules (`core.attention`): remedies required, releases
overdue, releases slipped, each counted and listed in the database by the board's own flag conditions
(`releases.slips.flag_conditions` over `ReleaseQuerySet.with_flags`), never decided again here.

The date the flags are computed for is the board's default (`core.pointintime.defaults.default_on`):
the date asked about, or, for an agreement whose Term ended before it, the Term's last day, and the list
says so; otherwise every release of a long-expired contract would be "overdue by 10,000 days" for ever.
The flags are computed for one date per query, so the lists cover the agreements in Term on the date
asked about (one date) and, of those whose Term had ended by then, the ones that ended last (their
Term's last day); the note says how many ended earlier and are not counted. So the lists cost the same
queries with one agreement or a thousand, one release or thousands. Their time grows with the releases
flagged, so without an agreement asked they cover at most `AGREEMENTS_AT_ONCE` agreements; past that they
are not counted and ask to choose one (the home page's Agreement field).

The milestone is GA: deployment waits for it, and remedies concern it (`releases.slips`).
"""

from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, F, Max, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse

from contracts.models import Agreement, TermVersion
from core.attention import AGREEMENTS_AT_ONCE, AttentionItem, AttentionList, choose_an_agreement
from core.pointintime.defaults import default_on
from releases.models import Milestone, Release, ReleaseSchedule
from releases.slips import Flag, flag_conditions

PERMISSION = "releases.view_release"
# Flags are computed release by release (the board's SQL conditions); over more agreements than this at
# once, the lists would cost seconds (45 s at 1,000 agreements, 2026-11-27): they then ask for one.

# kind, flag, title, the date an item falls due (a `with_flags` annotation), what the date means
KINDS = (
    ("releases_remedy_required", Flag.REMEDY_REQUIRED, "Remedies required", "slip_need_by", "needed by"),
    ("releases_overdue", Flag.OVERDUE, "Releases overdue", "slip_deadline", "committed by"),
    ("releases_slipped", Flag.SLIPPED, "Releases slipped", "slip_deadline", "committed by"),
)


def attention_kinds(user: Any) -> dict[str, str]:
    return {kind: title for kind, _flag, title, _due, _label in KINDS} if user.has_perm(PERMISSION) else {}


def _scheduled_agreements() -> QuerySet[Agreement]:
    """Agreements with a release schedule, with the expiry their latest Term version sets (the order
    `contracts.snapshot.term_standing` applies: by the amendment's effective date, then its number)."""
    latest = TermVersion.objects.filter(agreement=OuterRef("pk")).order_by(
        "-amendment__effective_date", "-amendment__number"
    )
    scheduled = ReleaseSchedule.objects.order_by().values("amendment__agreement")
    return Agreement.objects.filter(pk__in=scheduled).annotate(term_end=Subquery(latest.values("expiry_date")[:1]))


@dataclass(frozen=True)
class _Batch:
    """Agreements whose releases are seen on one date."""

    agreements: QuerySet[Any] | list[int]  # their ids, as a subquery (or read, for one agreement)
    as_of: date
    note: str = ""


def _batches(on: date, agreement: Agreement | None = None) -> tuple[list[_Batch], Agreement | None, str]:
    """The batches, the one agreement they cover (None when several or none), and what is left out.

    Every query runs whatever the data (an empty batch is asked all the same): the cost is constant.
    """
    scheduled = _scheduled_agreements()
    if agreement is not None:
        scheduled = scheduled.filter(pk=agreement.pk)
    running = Q(term_end__gte=on) | Q(term_end__isnull=True)
    facts = scheduled.aggregate(
        ended=Count("pk", filter=Q(term_end__lt=on)), last_end=Max("term_end", filter=Q(term_end__lt=on))
    )
    last_end = facts["last_end"]
    # The board's rule for the date, asked with the latest Term's end (the same for every agreement here).
    chosen = default_on(term_expiry=last_end, today=on)
    ended = scheduled.filter(Q(term_end__lt=on) & Q(term_end=last_end))
    in_term: QuerySet[Any] | list[int] = scheduled.filter(running).values("pk")
    ended_last: QuerySet[Any] | list[int] = ended.values("pk")
    if agreement is not None:
        # One agreement: its id, read here, rather than a subquery the release queries would repeat (SQLite
        # then joins every release before it filters by agreement).
        in_term = list(scheduled.filter(running).values_list("pk", flat=True))
        ended_last = list(ended.values_list("pk", flat=True))
    batches = [
        _Batch(in_term, on),
        _Batch(ended_last, chosen.on, chosen.note("their releases")),
    ]
    covered = list(scheduled.filter(running | Q(term_end__lt=on, term_end=last_end)).order_by("pk")[:2])
    left_out = ""
    if facts["ended"] > (at_last := ended.count()):
        earlier = facts["ended"] - at_last
        plural = earlier != 1
        left_out = (
            f"Not counted here: {earlier} other agreement{'s' if plural else ''} whose Term ended before "
            f"{last_end:%Y-%m-%d}; choose an earlier date to see {'them' if plural else 'it'}."
        )
    return batches, covered[0] if len(covered) == 1 else None, left_out


def attention_lists(user: Any, *, on: date, limit: int, agreement: Any = None) -> list[AttentionList]:
    if not user.has_perm(PERMISSION):
        return []
    batches, sole, left_out = _batches(on, agreement)
    covered = _covered(on, agreement)
    if covered > AGREEMENTS_AT_ONCE:
        return [_choose(kind, title, flag, covered, on) for kind, flag, title, _due, _label in KINDS]
    totals = {kind: 0 for kind, *_ in KINDS}
    found: dict[str, list[AttentionItem]] = {kind: [] for kind, *_ in KINDS}
    notes = []
    for batch in batches:
        if batch.note:
            notes.append(batch.note)
        releases = Release.objects.filter(group__product_line__schedule__amendment__agreement__in=batch.agreements)
        releases = releases.with_flags(as_of=batch.as_of, milestone=Milestone.GA)
        conditions = flag_conditions(as_of=batch.as_of)
        counts = releases.aggregate(**{kind: Count("pk", filter=conditions[flag]) for kind, flag, *_ in KINDS})
        for kind, flag, _title, due_field, due_label in KINDS:
            totals[kind] += counts[kind]
            # Read even when none is counted, so the lists cost the same queries whatever the data.
            for release in releases.filter(conditions[flag]).with_schedule().order_by(due_field, "pk")[:limit]:
                found[kind].append(_item(kind, release, getattr(release, due_field), due_label, batch.as_of))
    if left_out:
        notes.append(left_out)
    return [
        AttentionList(
            kind=kind,
            title=title,
            items=tuple(sorted(found[kind], key=lambda item: (item.due or date.max, item.key))[:limit]),
            total=totals[kind],
            more_url=_board_url(flag, batches, sole),
            note=" ".join(notes),
        )
        for kind, flag, title, _due, _label in KINDS
    ]


def _covered(on: date, agreement: Agreement | None) -> int:
    """How many agreements' releases the lists would cover on `on` (one query, whatever the data)."""
    scheduled = _scheduled_agreements()
    if agreement is not None:
        scheduled = scheduled.filter(pk=agreement.pk)
    running = Q(term_end__gte=on) | Q(term_end__isnull=True)
    ended = scheduled.filter(Q(term_end__lt=on)).order_by(F("term_end").desc())
    last_end = ended.values(last=F("term_end"))[:1]
    return scheduled.filter(running | Q(term_end=Subquery(last_end))).count()


def _choose(kind: str, title: str, flag: Flag, covered: int, on: date) -> AttentionList:
    return choose_an_agreement(
        kind=kind,
        title=title,
        more_url=f"{reverse('releases:release_list')}?{urlencode({'flag': flag.name.lower(), 'on': on})}",
        covered=covered,
        covering=f"have releases to flag on {on:%Y-%m-%d}",
    )


def _item(kind: str, release: Release, due: date | None, due_label: str, as_of: date) -> AttentionItem:
    agreement = release.group.product_line.schedule.amendment.agreement
    return AttentionItem(
        key=f"{kind}:{release.pk}:{due:%Y-%m-%d}" if due else f"{kind}:{release.pk}",
        title=str(release),
        url=f"{release.get_absolute_url()}?{urlencode({'on': as_of.isoformat()})}",
        detail=f"{agreement.contract_number}, GA {due_label} {due:%Y-%m-%d}" if due else agreement.contract_number,
        due=due,
    )


def _board_url(flag: Flag, batches: list[_Batch], sole: Agreement | None) -> str:
    """The board filtered to the flag when the lists cover one agreement; else the board, which asks."""
    board = reverse("releases:release_list")
    if sole is None:
        return board
    term_end = getattr(sole, "term_end")  # noqa: B009 (an annotation, see `_scheduled_agreements`)
    as_of = batches[0].as_of if term_end is None or term_end >= batches[0].as_of else batches[1].as_of
    return f"{board}?{urlencode({'agreement': sole.contract_number, 'flag': flag.name.lower(), 'on': as_of})}"
