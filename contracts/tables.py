import django_tables2 as tables

from contracts.models import Agreement, LegalEntity


class AgreementTable(tables.Table):
    contract_number = tables.Column(linkify=True)

    class Meta:
        model = Agreement
        fields = ["contract_number", "title", "effective_date", "seller", "seller_division"]


class LegalEntityTable(tables.Table):
    name = tables.Column(linkify=True)
    parent = tables.Column(linkify=True)

    class Meta:
        model = LegalEntity
        fields = ["name", "legal_form", "jurisdiction", "parent"]
