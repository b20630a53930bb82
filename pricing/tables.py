import django_tables2 as tables
from django.utils.html import format_html

from pricing.models import DiscountLine


class DiscountLineTable(tables.Table):
    """One discount cell per row, with where it comes from."""

    product = tables.Column(linkify=True, order_by=("product__name",))
    product_as_written = tables.Column(verbose_name="Row as printed")
    schedule = tables.Column(accessor="table__schedule__section", verbose_name="Schedule")
    component = tables.Column(default="not stated")
    condition = tables.Column()
    percent = tables.Column(verbose_name="Discount", attrs={"td": {"class": "num"}}, empty_values=())
    valid_from = tables.DateColumn(format="Y-m-d")
    valid_to = tables.DateColumn(format="Y-m-d", default="open")
    amendment = tables.Column(
        accessor="table__amendment", verbose_name="Amendment", order_by=("table__amendment__number",)
    )
    section = tables.Column(accessor="table__amendment_section", verbose_name="Section", orderable=False)
    footnotes = tables.Column(verbose_name="Notes", orderable=False)

    class Meta:
        model = DiscountLine
        fields: list[str] = []
        sequence = [
            "product",
            "product_as_written",
            "schedule",
            "component",
            "condition",
            "percent",
            "valid_from",
            "valid_to",
            "amendment",
            "section",
            "footnotes",
        ]
        empty_text = "No discount line matches."

    def render_percent(self, record):
        if record.percent is None:
            return format_html('<span class="badge badge-unknown">no number</span> {}', record.no_number_reason)
        return record.percent_label

    def value_percent(self, record):
        return record.percent_label

    def render_amendment(self, value):
        return format_html('<a href="{}">{}</a>', value.get_absolute_url(), value)

    def value_amendment(self, value):
        return str(value)
