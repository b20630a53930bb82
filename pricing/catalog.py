"""Everything the engine needs about one agreement, read in a fixed number of queries.

The engine (`pricing.engine`) is pure: it takes a `Catalog` and never touches the database, so a
quote of one line or of a hundred costs the same queries, and tests can build answers from the seed
without mocking.
"""

from dataclasses import dataclass, field

from contracts.models import Agreement, CustomerMembership, LegalEntity, TermVersion
from contracts.names import normalize_name
from pricing.models import DiscountLine, DiscountTable, Product, ProductName, WarrantyTerm


@dataclass(frozen=True)
class NameMatch:
    """A product found by a name, and what the name told us (order code, component)."""

    product: Product
    matched_name: str
    kind: str = "name"
    component: str = ""


@dataclass(frozen=True)
class Catalog:
    agreement: Agreement
    products: tuple[Product, ...] = ()
    names: tuple[ProductName, ...] = ()
    tables: tuple[DiscountTable, ...] = ()
    lines: tuple[DiscountLine, ...] = ()
    warranties: tuple[WarrantyTerm, ...] = ()
    memberships: dict[int, CustomerMembership] = field(default_factory=dict)
    term_versions: tuple[TermVersion, ...] = ()

    def resolve(self, text: str) -> list[NameMatch]:
        """Exact matches on any name first (normalized); if none, names that contain the text."""
        key = normalize_name(text)
        if not key:
            return []
        for exact in (True, False):
            found: dict[int, NameMatch] = {}
            for product in self.products:
                if self._hit(product.normalized_name, key, exact):
                    found.setdefault(product.pk, NameMatch(product, product.name))
            for alias in self.names:
                if self._hit(alias.normalized_name, key, exact) and alias.product_id not in found:
                    product = self.product(alias.product_id)
                    found[product.pk] = NameMatch(product, alias.name, alias.kind, alias.component)
            if found:
                return sorted(found.values(), key=lambda m: m.product.name)
        return []

    @staticmethod
    def _hit(name: str, key: str, exact: bool) -> bool:
        return name == key if exact else key in name

    def product(self, pk: int) -> Product:
        return next(p for p in self.products if p.pk == pk)

    def tables_of(self, schedule_id: int) -> list[DiscountTable]:
        return [t for t in self.tables if t.schedule_id == schedule_id]

    def lines_of(self, product_id: int) -> list[DiscountLine]:
        return [line for line in self.lines if line.product_id == product_id]

    def membership(self, entity: LegalEntity | None) -> CustomerMembership | None:
        return self.memberships.get(entity.pk) if entity is not None else None


def load_catalog(agreement: Agreement) -> Catalog:
    """The agreement's schedules, products, names, tables with rules, lines, warranties, customers."""
    return load_catalogs({agreement.pk: agreement})[agreement.pk]


def load_catalogs(agreements: dict[int, Agreement]) -> dict[int, Catalog]:
    """Each agreement's catalog (by id), read together: a page of purchases of many agreements costs the
    same queries as one agreement's."""
    ids = list(agreements)
    products = tuple(Product.objects.filter(schedule__agreement__in=ids).select_related("schedule"))
    names = tuple(ProductName.objects.filter(product__schedule__agreement__in=ids).select_related("product__schedule"))
    tables = tuple(
        DiscountTable.objects.filter(schedule__agreement__in=ids)
        .select_related("schedule", "amendment")
        .prefetch_related("rules")
    )
    tables_by_pk = {t.pk: t for t in tables}
    products_by_pk = {p.pk: p for p in products}
    lines = tuple(DiscountLine.objects.filter(table__schedule__agreement__in=ids))
    for line in lines:
        # Share the objects already read (tables with amendment and rules) instead of reading them again.
        line.table = tables_by_pk[line.table_id]
        line.product = products_by_pk[line.product_id]
    warranties = tuple(
        WarrantyTerm.objects.filter(amendment__agreement__in=ids).select_related(
            "amendment", "schedule", "product__schedule"
        )
    )
    memberships = tuple(CustomerMembership.objects.with_sources().filter(agreement__in=ids))
    terms = tuple(TermVersion.objects.filter(agreement__in=ids).select_related("amendment"))
    return {
        pk: Catalog(
            agreement=agreement,
            products=tuple(p for p in products if p.schedule.agreement_id == pk),
            names=tuple(n for n in names if n.product.schedule.agreement_id == pk),
            tables=tuple(t for t in tables if t.schedule.agreement_id == pk),
            lines=tuple(line for line in lines if line.table.schedule.agreement_id == pk),
            warranties=tuple(w for w in warranties if w.amendment.agreement_id == pk),
            memberships={m.entity_id: m for m in memberships if m.agreement_id == pk},
            term_versions=tuple(t for t in terms if t.agreement_id == pk),
        )
        for pk, agreement in agreements.items()
    }
