"""Tables of the obligations pages: computed rows (seats, commitments, spend) and recorded seat uses.

Every column reads what its row already holds: rendering a page reads nothing more from the database.
"""

import django_tables2 as tables
from django.utils.html import format_html

from obligations.models import SeatUse


class SeatTable(tables.Table):
    """One row per seat earned (`training.Seat`); the status is the one on the date asked."""

    clause = tables.Column("Clause", accessor="group__clause", orderable=False)
    block = tables.Column("Block", accessor="block__number", orderable=False)
    seat = tables.Column("Seat", accessor="number", orderable=False)
    earned_on = tables.DateColumn(verbose_name="Earned on", format="Y-m-d", orderable=False)
    use_by = tables.DateColumn(verbose_name="Use by", format="Y-m-d", orderable=False, default="unknown (not shipped)")
    status = tables.Column("Status", empty_values=(), orderable=False)
    attendee = tables.Column("Used by", accessor="use__attendee", orderable=False, default="—")
    course = tables.Column("Course", accessor="use__course", orderable=False, default="—")
    used_on = tables.DateColumn(verbose_name="Used on", accessor="use__used_on", format="Y-m-d", orderable=False)

    def __init__(self, *args, on, **kwargs):
        self.on = on
        super().__init__(*args, **kwargs)

    class Meta:
        attrs = {"class": "table", "id": "seats"}

    def render_status(self, record):
        return record.status(self.on)

    def value_status(self, record):
        return record.status(self.on)


class SeatUseTable(tables.Table):
    used_on = tables.DateColumn(verbose_name="Course date", format="Y-m-d")
    attendee = tables.Column("Attendee")
    course = tables.Column("Course")
    incentive = tables.Column("Incentive", accessor="incentive__section", orderable=False)
    recorded_by = tables.Column("Recorded by", accessor="recorded_by__username", orderable=False)
    note = tables.Column("Note", orderable=False)
    edit = tables.Column("", empty_values=(), orderable=False, exclude_from_export=True)

    def __init__(self, *args, can_edit=False, **kwargs):
        self.can_edit = can_edit
        super().__init__(*args, **kwargs)

    class Meta:
        model = SeatUse
        fields = ("used_on", "attendee", "course", "incentive", "recorded_by", "note")
        attrs = {"class": "table", "id": "seat-uses"}

    def render_edit(self, record):
        if not self.can_edit:
            return ""
        return format_html('<a href="{}">Edit</a>', record.get_absolute_url())


class CommitmentTable(tables.Table):
    """One row per `register.CommitmentStatus`."""

    title = tables.Column("Commitment", accessor="commitment__title", orderable=False)
    obligor = tables.Column("Whose", accessor="commitment__get_obligor_display", orderable=False)
    source = tables.Column("Source clause", accessor="commitment__source", orderable=False)
    measure = tables.Column("Measure", empty_values=(), orderable=False)
    status = tables.Column("Status", orderable=False)
    evidence = tables.Column("Evidence", orderable=False)
    spend = tables.Column("Spend (USD, paid)", orderable=False, default="—")
    due = tables.DateColumn(verbose_name="Date", format="Y-m-d", orderable=False)

    class Meta:
        attrs = {"class": "table", "id": "commitments"}
        row_attrs = {"id": lambda record: record.commitment.key}

    def render_title(self, record, value):
        return format_html("{}<br><small>{}</small>", value, record.commitment.summary)

    def value_title(self, record, value):
        return value

    def render_source(self, record, value):
        return format_html('<a href="{}">{}</a>', record.source_url, value)

    def render_measure(self, record):
        return measure_text(record.commitment) or "—"

    def value_measure(self, record):
        return measure_text(record.commitment)

    def render_evidence(self, record, value):
        if record.evidence_url:
            return format_html('{} <a href="{}">Evidence</a>', value, record.evidence_url)
        return value

    def render_spend(self, record, value):
        if record.spend_unknown:
            return f"{value:,.2f} + {record.spend_unknown} purchases of unknown amount"
        return f"{value:,.2f}"

    def value_spend(self, record, value):
        return value


def measure_text(commitment) -> str:
    """The clause's measure as words: cities, dollars, percent, date; empty when it states none."""
    parts = []
    if commitment.tier_iii_cities is not None:
        parts.append(f"{commitment.tier_iii_cities} Tier III cities")
    if commitment.tier_iv_cities is not None:
        parts.append(f"{commitment.tier_iv_cities} Tier IV cities")
    if commitment.amount is not None:
        parts.append(f"${commitment.amount:,.2f}")
    if commitment.percent is not None:
        parts.append(f"{commitment.percent.normalize():f}% savings")
    if commitment.due_date is not None:
        parts.append(f"{commitment.due_date:%Y-%m-%d}")
    return "; ".join(parts)


class SpendTable(tables.Table):
    """The chart's text alternative and export: one row per product group and quarter with purchases."""

    quarter = tables.Column("Quarter", accessor="quarter_label", orderable=False)
    group = tables.Column("Product group", orderable=False)
    purchases = tables.Column("Purchases", orderable=False)
    amount = tables.Column("Paid (USD)", orderable=False)
    unknown = tables.Column("Amount unknown (purchases)", orderable=False)

    class Meta:
        attrs = {"class": "table", "id": "spend"}

    def render_amount(self, value):
        return f"{value:,.2f}"
