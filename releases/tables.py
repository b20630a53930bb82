"""The release board table: one `board.BoardRow` per release, seen through one milestone."""

import django_tables2 as tables
from django.utils.html import format_html, format_html_join


class ReleaseBoardTable(tables.Table):
    product_line = tables.Column(
        accessor="release__group__product_line__name",
        verbose_name="Product line",
        order_by=("release__group__product_line__position", "release__group__position", "release__position"),
        linkify=lambda record: record.product_line.get_absolute_url(),
    )
    group = tables.Column(accessor="group", verbose_name="Group", default="")
    release = tables.Column(
        accessor="release__name_as_written",
        verbose_name="Release",
        linkify=lambda record: record.release.get_absolute_url(),
    )
    as_written = tables.Column(verbose_name="Exhibit B", orderable=False)
    deadline = tables.DateColumn(accessor="status__deadline", verbose_name="Deadline", default="none", format="Y-m-d")
    forecast = tables.Column(
        accessor="status__latest_forecast__window__as_written",
        verbose_name="Latest forecast",
        order_by=("status__forecast_date",),
        default="",
    )
    actual = tables.DateColumn(accessor="status__actual", verbose_name="Actual", default="", format="Y-m-d")
    need_by = tables.DateColumn(accessor="release__need_by_date", verbose_name="Need by", default="", format="Y-m-d")
    flags = tables.Column(accessor="flag_names", verbose_name="Flags", orderable=False)
    days_of_slip = tables.Column(
        accessor="status__days_of_slip",
        verbose_name="Days of slip",
        default="—",
        attrs={"td": {"class": "num"}},
    )
    revisions = tables.Column(
        accessor="status__revision_count", verbose_name="Revisions", attrs={"td": {"class": "num"}}
    )

    class Meta:
        order_by = ("product_line",)
        attrs = {"class": "table release-board", "id": "release-board"}
        row_attrs = {"data-release": lambda record: record.release.pk}

    def render_flags(self, record):
        return format_html_join(
            " ", '<span class="badge flag {}">{}</span>', ((f.css, f.value) for f in record.status.flags)
        )

    def render_forecast(self, record, value):
        return format_html("{} <small>(to {})</small>", value, record.status.forecast_date.isoformat())

    def value_forecast(self, record, value):
        return value

    def value_flags(self, record, value):
        return value
