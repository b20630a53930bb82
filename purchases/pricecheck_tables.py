"""Tables of the price-check and credits pages; each row is a `purchases.checks.PurchaseCheck`.

`render_*` gives the page (badges, links), `value_*` the CSV/XLSX cell (plain text and numbers).
"""

from decimal import Decimal

import django_tables2 as tables
from django.utils.html import format_html, format_html_join

from pricing.results import Outcome
from purchases.checks import PurchaseCheck, Reading, Variance

_NUM = {"td": {"class": "num"}}


def _percent(value: Decimal | None) -> str:
    return f"{value.normalize():f}%" if value is not None else ""


def _reading(reading: Reading):
    if reading.percent is None:
        # The page shows the deciding reason (the engine's first); the export and the API give them all.
        why = reading.line.warnings[0] if reading.line.warnings else reading.why_no_percent
        badge = "unknown" if reading.line.outcome is Outcome.UNKNOWN else "no discount"
        return format_html('<span class="badge badge-unknown">{}</span> <small>{}</small>', badge, why)
    return format_html("{} <small>{}</small>", _percent(reading.percent), reading.clause)


def _reading_value(reading: Reading) -> str:
    if reading.percent is None:
        return f"none: {reading.why_no_percent}"
    return f"{_percent(reading.percent)} ({reading.clause})"


def _variance(variance: Variance):
    if variance.amount is None:
        return format_html('<span class="badge badge-unknown">unknown</span> <small>{}</small>', variance.why)
    return format_html("{}", variance.amount)


class PriceCheckTable(tables.Table):
    """Each purchase: invoiced versus contractual, as agreed now and as agreed on the invoice date."""

    purchase = tables.Column(accessor="purchase", verbose_name="Purchase", orderable=False)
    buyer = tables.Column(accessor="purchase__buyer__name", verbose_name="Buying entity", orderable=False)
    order_date = tables.DateColumn(accessor="purchase__order_date", format="Y-m-d", orderable=False)
    invoice_date = tables.DateColumn(
        accessor="purchase__invoice_date", format="Y-m-d", orderable=False, default="not recorded"
    )
    list_amount = tables.Column(
        accessor="purchase__list_amount", verbose_name="List amount", attrs=_NUM, orderable=False
    )
    invoiced = tables.Column(
        accessor="purchase__invoiced_percent", verbose_name="Invoiced %", orderable=False, default="not recorded"
    )
    now = tables.Column(accessor="now", verbose_name="Contractual % as agreed now", orderable=False)
    then = tables.Column(accessor="then", verbose_name="Contractual % as agreed on the invoice date", orderable=False)
    variance = tables.Column(
        accessor="variance_now", verbose_name="Over (+) / under (−) charge", attrs=_NUM, orderable=False
    )
    credit = tables.Column(
        accessor="credit", verbose_name="Credit due (retroactive amendment)", orderable=False, empty_values=()
    )
    flags = tables.Column(accessor="flags", verbose_name="Flags", orderable=False, empty_values=())

    class Meta:
        empty_text = "No purchase matches."
        attrs = {"class": "pricecheck"}

    def render_purchase(self, value):
        return format_html('<a href="{}">{}</a>', value.get_absolute_url(), value)

    def value_purchase(self, value) -> str:
        return str(value)

    def render_invoiced(self, value):
        return _percent(value)

    def value_invoiced(self, value) -> str:
        return _percent(value) if value is not None else "not recorded"

    def render_now(self, value):
        return _reading(value)

    def value_now(self, value) -> str:
        return _reading_value(value)

    def render_then(self, value, record: PurchaseCheck):
        return format_html("<small>as agreed on {}:</small> {}", f"{record.agreed_on:%Y-%m-%d}", _reading(value))

    def value_then(self, value) -> str:
        return _reading_value(value)

    def render_variance(self, value):
        return _variance(value)

    def value_variance(self, value) -> str:
        return str(value.amount) if value.amount is not None else f"unknown: {value.why}"

    def render_credit(self, value):
        if value is None:
            return ""
        amount = value.amount if value.amount is not None else "unknown"
        return format_html(
            '<span class="credit" data-credit>{}</span> <small>made due by {}</small>', amount, value.clause
        )

    def value_credit(self, value) -> str:
        if value is None:
            return ""
        amount = value.amount if value.amount is not None else "unknown"
        return f"{amount} (made due by {value.clause})"

    def render_flags(self, value):
        if not value:
            return ""
        items = format_html_join("", '<li data-flag="{}">{}</li>', ((f.code, f.message) for f in value))
        return format_html("<ul class='flags'>{}</ul>", items)

    def value_flags(self, value) -> str:
        return " | ".join(flag.message for flag in value)


class CreditTable(tables.Table):
    """The credit claim: each line, the amendment that made the credit due, the amount."""

    purchase = tables.Column(accessor="purchase", verbose_name="Purchase", orderable=False)
    invoice_reference = tables.Column(accessor="purchase__invoice_reference", verbose_name="Invoice", orderable=False)
    buyer = tables.Column(accessor="purchase__buyer__name", verbose_name="Buying entity", orderable=False)
    schedule = tables.Column(accessor="now__line__schedule_section", verbose_name="Schedule", orderable=False)
    order_date = tables.DateColumn(accessor="purchase__order_date", format="Y-m-d", orderable=False)
    invoice_date = tables.DateColumn(
        accessor="purchase__invoice_date", format="Y-m-d", orderable=False, default="not recorded"
    )
    list_amount = tables.Column(
        accessor="purchase__list_amount", verbose_name="List amount", attrs=_NUM, orderable=False
    )
    basis = tables.Column(accessor="credit", verbose_name="Discount the invoice could apply", orderable=False)
    now = tables.Column(accessor="now__percent", verbose_name="Discount as agreed now", orderable=False)
    clause = tables.Column(accessor="credit__clause", verbose_name="Made due by", orderable=False)
    amount = tables.Column(accessor="credit", verbose_name="Credit due", attrs=_NUM, orderable=False, empty_values=())

    class Meta:
        empty_text = "No credit is due on the purchases asked about."
        attrs = {"class": "credits"}

    def render_purchase(self, value):
        return format_html('<a href="{}">{}</a>', value.get_absolute_url(), value)

    def value_purchase(self, value) -> str:
        return str(value)

    def render_basis(self, value):
        if value.basis_percent is None:
            return format_html('<span class="badge badge-unknown">unknown</span> <small>{}</small>', value.why)
        label = "agreed then" if value.basis == "agreed_then" else "invoiced (agreed then: unknown)"
        return format_html("{} <small>{}</small>", _percent(value.basis_percent), label)

    def value_basis(self, value) -> str:
        if value.basis_percent is None:
            return f"unknown: {value.why}"
        label = "agreed then" if value.basis == "agreed_then" else "invoiced; agreed then unknown"
        return f"{_percent(value.basis_percent)} ({label})"

    def render_now(self, value):
        return _percent(value)

    def value_now(self, value) -> str:
        return _percent(value)

    def render_clause(self, value):
        retro = f" (valid from {value.valid_from:%Y-%m-%d})" if value.valid_from else ""
        return format_html("{}{}", value, retro)

    def value_clause(self, value) -> str:
        retro = f" (valid from {value.valid_from:%Y-%m-%d})" if value.valid_from else ""
        return f"{value}{retro}"

    def render_amount(self, value):
        if value.amount is None:
            return format_html('<span class="badge badge-unknown">unknown</span>')
        return format_html("{}", value.amount)

    def value_amount(self, value):
        return value.amount if value.amount is not None else "unknown"
