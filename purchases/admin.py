from django.contrib import admin

from core.admin import AuditedAdmin
from purchases.models import Purchase

# Purchases grow with every order: foreign keys are picked by autocomplete or id, never a select of
# every row, and the changelist counts only the rows it filters.


@admin.register(Purchase)
class PurchaseAdmin(AuditedAdmin):
    list_display = ["__str__", "agreement", "buyer", "order_date", "quantity", "list_price", "invoiced_percent"]
    list_select_related = ["agreement", "buyer"]
    search_fields = ["po_reference", "invoice_reference", "product_as_entered"]
    autocomplete_fields = ["agreement", "buyer"]
    raw_id_fields = ["remedy"]
    show_full_result_count = False
