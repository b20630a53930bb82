"""What an executed amendment writes into the release schedule: the one place for each change.

Called by `drafts.execution` inside its transaction.

- **New rows** go into the amendment's own release schedule (created on first use), so their dates
  are anticipated as of that amendment's effective date, as Exhibit B's are as of Amendment 3's.
  A product line of the same name in that schedule is reused.
- **Revised committed dates** change the row's dates as written. The row keeps its history (the
  earlier dates, who changed them, and the reason naming the amendment); what admins recorded on it
  (actual dates, need-by, forecasts, remedies) stays on it. Unlike discounts, the schedule has no
  versions by amendment: "as agreed on" a date before the revision shows the revised dates too, and
  the audit log and the release's history show the change.
"""

from django.core.exceptions import ValidationError
from django.db.models import Max

from contracts.models import Amendment
from core.editing import save_edit, version_of
from releases.models import ProductLine, Release, ReleaseGroup, ReleaseSchedule

EXHIBIT = "B"


def _amendment_schedule(amendment: Amendment, reason: str) -> ReleaseSchedule:
    existing = ReleaseSchedule.objects.filter(amendment=amendment, exhibit=EXHIBIT).first()
    if existing is not None:
        return existing
    schedule = ReleaseSchedule(
        amendment=amendment, exhibit=EXHIBIT, title=f"Release schedule of Amendment {amendment.number}"
    )
    return save_edit(schedule, reason=reason)


def _next_position(queryset) -> int:
    return (queryset.aggregate(highest=Max("position"))["highest"] or 0) + 1


def add_release(
    amendment: Amendment,
    *,
    product_line_name: str,
    name_as_written: str,
    ci_fsa_as_written: str,
    ga_as_written: str,
    note: str,
    reason: str,
) -> Release:
    schedule = _amendment_schedule(amendment, reason)
    product_line = schedule.product_lines.filter(name=product_line_name.strip()).first()
    if product_line is None:
        product_line = save_edit(
            ProductLine(
                schedule=schedule,
                position=_next_position(schedule.product_lines),
                name=product_line_name.strip(),
                name_as_written=product_line_name.strip(),
            ),
            reason=reason,
        )
    group = product_line.groups.filter(name="").first() or save_edit(
        ReleaseGroup(product_line=product_line, position=_next_position(product_line.groups), name=""),
        reason=reason,
    )
    release = Release(
        group=group,
        position=_next_position(group.releases),
        name_as_written=name_as_written.strip(),
        ci_fsa_as_written=ci_fsa_as_written,
        ga_as_written=ga_as_written,
        note=note,
    )
    return save_edit(release, reason=reason)


def revise_release(
    amendment: Amendment, release: Release, *, ci_fsa_as_written: str, ga_as_written: str, reason: str
) -> Release:
    if release.group.product_line.schedule.amendment.agreement_id != amendment.agreement_id:
        raise ValidationError({"release": "The release belongs to another agreement's schedule."})
    if release.column_ambiguous:
        raise ValidationError(
            {"release": "This row's single date has no known column: resolve it first (a recorded correction)."}
        )
    if ci_fsa_as_written:
        release.ci_fsa_as_written = ci_fsa_as_written
    if ga_as_written:
        release.ga_as_written = ga_as_written
    return save_edit(release, reason=reason, base_version=version_of(release))
