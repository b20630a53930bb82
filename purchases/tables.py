"""The purchase ledger's table. Flags are computed for the rows shown (`PurchaseListView.get_table`)."""

from typing import Any

import django_tables2 as tables
from django.utils.html import format_html, format_html_join

from purchases.models import Purchase


class PurchaseTable(tables.Table):
    """Sortable by indexed columns only (order date; the default order is newest first)."""

    order_date = tables.DateColumn("Y-m-d", linkify=True)
    agreement = tables.Column(accessor="agreement__contract_number", verbose_name="Agreement", orderable=False)
    buyer = tables.Column(accessor="buyer__name", verbose_name="Buying entity", orderable=False)
    po_reference = tables.Column(orderable=False)
    invoice_reference = tables.Column(orderable=False)
    invoice_date = tables.DateColumn("Y-m-d", orderable=False)
    product_as_entered = tables.Column(orderable=False)
    quantity = tables.Column(orderable=False)
    list_price = tables.Column(orderable=False)
    invoiced_percent = tables.Column(orderable=False, verbose_name="Discount invoiced (%)")
    amount_paid = tables.Column(orderable=False)
    currency = tables.Column(orderable=False)
    supplier = tables.Column(orderable=False)
    flags = tables.Column(empty_values=(), orderable=False, verbose_name="Flags", accessor="pk")

    class Meta:
        model = Purchase
        fields = [
            "order_date",
            "agreement",
            "buyer",
            "po_reference",
            "invoice_reference",
            "invoice_date",
            "product_as_entered",
            "quantity",
            "list_price",
            "invoiced_percent",
            "amount_paid",
            "currency",
            "supplier",
            "flags",
        ]
        order_by = ("-order_date",)
        attrs = {"class": "table", "id": "purchases"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.flags_by_pk: dict[int, tuple[Any, ...]] = {}

    def render_flags(self, record: Purchase) -> str:
        flags = self.flags_by_pk.get(record.pk, ())
        if not flags:
            return "—"
        return format_html_join(
            " ", '<span class="badge flag-{}" title="{}">{}</span>', ((f.code, f.message, f.message) for f in flags)
        )

    def value_flags(self, record: Purchase) -> str:
        return "; ".join(flag.message for flag in self.flags_by_pk.get(record.pk, ()))

    def render_supplier(self, value: str, record: Purchase) -> str:
        if record.remedy_id is None:
            return value
        return format_html("{} <small>(remedy (b) #{})</small>", value, record.remedy_id)
