"""The audit log as CSV, streamed a page at a time (by position) so a long history never sits in memory."""

from core.spreadsheet import streaming_csv_response

HEADER = [
    "when",
    "user",
    "record type",
    "record id",
    "record",
    "action",
    "field",
    "old",
    "new",
    "reason",
    "amendment id",
]


def _rows(log):
    yield HEADER
    for entry in log:
        base = [
            entry.when.isoformat(),
            entry.user.get_username() if entry.user else "system",
            entry.model_label,
            entry.object_id,
            entry.object_label,
            entry.kind,
        ]
        tail = [entry.reason, entry.amendment_id or ""]
        if not entry.changes:
            yield [*base, "", "", "", *tail]
        for change in entry.changes:
            yield [*base, change.field, change.old, change.new, *tail]


def audit_log_csv(log):
    return streaming_csv_response(_rows(log), "audit_log.csv")
