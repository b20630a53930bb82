"""Release schedule rows in a comparison of two points in time."""

from core.diff import Change
from core.recorded import rows_as_recorded
from releases.models import ForecastRevision, Release, Remedy

_RELEASE_FIELDS = (
    "ci_fsa_as_written",
    "ga_as_written",
    "single_value_as_written",
    "ci_fsa_actual_date",
    "ga_actual_date",
    "need_by_date",
)


def _release_text(release):
    parts = [f"CI/FSA {release.ci_fsa_as_written or '—'}", f"GA {release.ga_as_written or '—'}"]
    if release.single_value_as_written:
        parts.append(f"column unknown: {release.single_value_as_written}")
    for label, value in (
        ("CI/FSA actual", release.ci_fsa_actual_date),
        ("GA actual", release.ga_actual_date),
        ("need by", release.need_by_date),
    ):
        if value:
            parts.append(f"{label} {value:%Y-%m-%d}")
    return "; ".join(parts)


def schedule_changes_between(agreement, left, right) -> list[Change]:
    """Exhibit B counts from its amendment's effective date (contract time); rows are not dated."""

    def agreed(as_of):
        releases = Release.objects.filter(group__product_line__schedule__amendment__agreement=agreement)
        if as_of.as_agreed is not None:
            releases = releases.filter(group__product_line__schedule__amendment__effective_date__lte=as_of.as_agreed)
        return releases.filter(group__product_line__schedule__amendment__effective_date__lte=as_of.on).count()

    before, after = agreed(left), agreed(right)
    if before == after:
        return []
    return [Change("Release schedule (Exhibit B)", f"{before} releases", f"{after} releases")]


def schedule_changes_since(agreement, at) -> list[Change]:
    """Release rows, forecast revisions and remedies as recorded at `at` versus now."""
    changes = []
    of_agreement = {"group__product_line__schedule__amendment__agreement": agreement}
    then = {r.pk: r for r in rows_as_recorded(Release, at, **of_agreement)}
    for release in Release.objects.filter(**of_agreement):
        old = then.get(release.pk)
        if old is None or any(getattr(old, f) != getattr(release, f) for f in _RELEASE_FIELDS):
            changes.append(
                Change(release.name_as_written, _release_text(old) if old else "not recorded", _release_text(release))
            )
    of_release = {f"release__{key}": value for key, value in of_agreement.items()}
    for model, noun in ((ForecastRevision, "forecast revision"), (Remedy, "remedy")):
        known = {row.pk for row in rows_as_recorded(model, at, **of_release)}
        added = model.objects.filter(**of_release).exclude(pk__in=known).count()
        if added:
            changes.append(Change(f"{noun.capitalize()}s", "", f"{added} recorded since"))
    return changes
