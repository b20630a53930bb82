"""The `release_schedule` (one schedule, or a list of several) of an agreement data file, written
from the database (the inverse of `releases.loading`). Only what the exhibit says is written; what
admins recorded since (actual and need-by dates, forecast revisions, remedies) stays in the
database, attached to the rows by key.
"""

from releases.loading import EXPECTED_COLUMNS
from releases.models import HEADING_MISSING, ReleaseSchedule


def text(value):
    return value if value not in ("", None) else None


def export(agreement):
    """The section, or an empty dict when the agreement has no release schedule.

    One schedule is written as a mapping (so files of one-schedule agreements read as they always
    did), several as a list in the order of their amendments.
    """
    schedules = ReleaseSchedule.objects.filter(amendment__agreement=agreement).select_related("amendment")
    written = [_schedule(schedule) for schedule in schedules.order_by("amendment__number", "exhibit")]
    if not written:
        return {}
    return {"release_schedule": written[0] if len(written) == 1 else written}


def _schedule(schedule):
    return {
        "exhibit": schedule.exhibit,
        "amendment": schedule.amendment.number,
        "title": schedule.title,
        "columns": list(EXPECTED_COLUMNS),
        "note": text(schedule.note),
        "product_lines": [_product_line(line) for line in schedule.product_lines.order_by("position", "key")],
    }


def _product_line(line):
    return {
        "key": line.key,
        "name_as_written": text(line.name_as_written),
        "name": line.name if line.name != HEADING_MISSING else None,
        "note": text(line.note),
        "groups": [
            {
                "key": group.key,
                "name": text(group.name),
                "releases": [_release(release) for release in group.releases.order_by("position", "key")],
            }
            for group in line.groups.order_by("position", "key")
        ],
    }


def _release(release):
    return {
        "key": release.key,
        "name_as_written": release.name_as_written,
        "ci_fsa_as_written": text(release.ci_fsa_as_written),
        "ga_as_written": text(release.ga_as_written),
        "column_ambiguous": release.column_ambiguous,
        "single_value_as_written": text(release.single_value_as_written),
        "note": text(release.note),
    }
