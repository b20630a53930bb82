"""The audit log as CSV, streamed in pages so a long history never sits in memory."""

from django.http import StreamingHttpResponse

from core.spreadsheet import SafeCsvWriter

_PAGE = 500
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


class _Echo:
    def write(self, value):
        return value


def _rows(log):
    yield HEADER
    for start in range(0, log.count(), _PAGE):
        for entry in log[start : start + _PAGE]:
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
    writer = SafeCsvWriter(_Echo())
    response = StreamingHttpResponse((writer.writerow(row) for row in _rows(log)), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="audit_log.csv"'
    return response
