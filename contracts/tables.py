import django_tables2 as tables

from contracts.models import Agreement, LegalEntity


class AgreementTable(tables.Table):
    """Sortable only by indexed columns: a sort by any other reads every agreement to show one page."""

    contract_number = tables.Column(linkify=True)
    title = tables.Column(orderable=False)
    seller = tables.Column(orderable=False)
    seller_division = tables.Column(orderable=False)

    class Meta:
        model = Agreement
        fields = ["contract_number", "title", "effective_date", "seller", "seller_division"]


class LegalEntityTable(tables.Table):
    """Sortable by name only (indexed), for the same reason."""

    name = tables.Column(linkify=True)
    legal_form = tables.Column(orderable=False)
    jurisdiction = tables.Column(orderable=False)
    parent = tables.Column(linkify=True, orderable=False)

    class Meta:
        model = LegalEntity
        fields = ["name", "legal_form", "jurisdiction", "parent"]
