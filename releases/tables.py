"""The release board table: one `board.BoardRow` per release, seen through one milestone.

Sorting, counting and paging happen in the database, on the board's release queryset (`BoardTableData`);
only the rows of the page become `BoardRow`s.
"""

import django_tables2 as tables
from django.core.paginator import Paginator
from django.db.models import F
from django.utils.html import format_html, format_html_join
from django_tables2.data import TableQuerysetData

from core.views import MAX_PER_PAGE
from releases.board import Board

# The exhibit's own order: it breaks every tie, so that pages never overlap or skip a row.
EXHIBIT_ORDER = ("group__product_line__schedule_id", "group__product_line__position", "group__position", "position")


class BoardTableData(TableQuerysetData):
    """Ordered, counted and sliced as a queryset; what is read of it is `BoardRow`s."""

    def __init__(self, board: Board):
        super().__init__(board.releases)
        self.board = board

    def __getitem__(self, key):
        if isinstance(key, slice):
            return self.board.rows(self.data[key])
        return self.board.rows(self.data[key : key + 1])[0]

    def __iter__(self):
        return iter(self.board.rows(self.data))


class BoardPaginator(Paginator):
    """`?per_page=` asks for 1 to `MAX_PER_PAGE` rows, whatever it says."""

    def __init__(self, object_list, per_page, *args, **kwargs):
        super().__init__(object_list, max(1, min(int(per_page), MAX_PER_PAGE)), *args, **kwargs)


class SortedInDatabase(tables.Column):
    """A column sorted by fields or aliases of the board's queryset: rows without a value last in either
    direction (SQLite and PostgreSQL would disagree), then in the exhibit's order."""

    def __init__(self, *args, sort_by: tuple[str, ...], **kwargs):
        super().__init__(*args, **kwargs)
        self.sort_by = sort_by

    def order(self, queryset, is_descending):
        if not self.sort_by:  # the exhibit's order itself
            return queryset.order_by(*(f"-{name}" if is_descending else name for name in EXHIBIT_ORDER)), True
        keys = [
            F(name).desc(nulls_last=True) if is_descending else F(name).asc(nulls_last=True) for name in self.sort_by
        ]
        return queryset.order_by(*keys, *EXHIBIT_ORDER), True


class SortedDateColumn(SortedInDatabase, tables.DateColumn):
    pass


class ReleaseBoardTable(tables.Table):
    product_line = SortedInDatabase(
        accessor="release__group__product_line__name",
        verbose_name="Product line",
        sort_by=(),
        linkify=lambda record: record.product_line.get_absolute_url(),
    )
    group = SortedInDatabase(accessor="group", verbose_name="Group", default="", sort_by=("group__name",))
    release = SortedInDatabase(
        accessor="release__name_as_written",
        verbose_name="Release",
        sort_by=("name_as_written",),
        linkify=lambda record: record.release.get_absolute_url(),
    )
    as_written = tables.Column(verbose_name="Exhibit B", orderable=False)
    deadline = SortedDateColumn(
        accessor="status__deadline", verbose_name="Deadline", default="none", format="Y-m-d", sort_by=("slip_deadline",)
    )
    forecast = SortedInDatabase(
        accessor="status__latest_forecast__window__as_written",
        verbose_name="Latest forecast",
        default="",
        sort_by=("slip_forecast",),
    )
    actual = SortedDateColumn(
        accessor="status__actual", verbose_name="Actual", default="", format="Y-m-d", sort_by=("slip_actual",)
    )
    need_by = SortedDateColumn(
        accessor="release__need_by_date", verbose_name="Need by", default="", format="Y-m-d", sort_by=("need_by_date",)
    )
    flags = tables.Column(accessor="flag_names", verbose_name="Flags", orderable=False)
    days_of_slip = SortedInDatabase(
        accessor="status__days_of_slip",
        verbose_name="Days of slip",
        default="—",
        attrs={"td": {"class": "num"}},
        sort_by=("slip_delay",),
    )
    revisions = SortedInDatabase(
        accessor="status__revision_count",
        verbose_name="Revisions",
        attrs={"td": {"class": "num"}},
        sort_by=("slip_revisions",),
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
