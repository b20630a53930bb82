"""The discount part of a generated agreement: schedules, products, tables and their lines.

Each schedule is printed several times, as in the seed: a first table (often retroactive, from before
its amendment), tables that add rows, and later tables that replace it, some again retroactive. Lines
of different amendments overlap (the later-agreed one wins); within one amendment they never do, but
a table may print one product twice for consecutive periods. Some cells give no number ("see 1.15.1
below") and one is a real 0%.
"""

from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from django.utils.text import slugify

from contracts.datafile import row_key
from contracts.models import Amendment, ProvisionVersion
from ledger.portfolio.contracts_plan import Contracts, schedule_provision, table_provision_version
from ledger.portfolio.plan import PlanBuilder
from ledger.portfolio.vocabulary import (
    ABBREVIATIONS,
    ACCESS_PRODUCTS,
    DATA_NETWORKING,
    DATA_NETWORKING_PRODUCTS,
    FIVE_ESS,
    FIVE_ESS_COLUMNS,
    FIVE_ESS_PRODUCTS,
    FIVE_ESS_RULES,
    NO_NUMBER,
    OPTICAL,
    OPTICAL_PRODUCTS,
    PACKET,
    PACKET_PRODUCTS,
    PACKET_RULES,
    TRANSMISSION,
    TRANSMISSION_ROWS,
    TRANSMISSION_RULES,
)
from pricing.choices import Component, TableAction
from pricing.models import (
    DiscountLine,
    DiscountRule,
    DiscountSchedule,
    DiscountTable,
    Product,
    ProductName,
    WarrantyTerm,
)

UNPRICED = ("see 1.15.1 below", "firm price quotation on request", "to be agreed")

# (product, component, condition, row as written, base percent, column, footnotes, order code)
Row = tuple[Product, str, str, str, Decimal | None, str, str, str]


class PricingPlan:
    def __init__(self, b: PlanBuilder, contracts: Contracts):
        self.b = b
        self.contracts = contracts
        self.schedules: dict[str, DiscountSchedule] = {}
        self.products: dict[str, Product] = {}
        # Row keys taken per (table, column): the cells of one row share the key (see DiscountLine).
        self.line_keys: defaultdict[tuple[int, str], set[str]] = defaultdict(set)

    def build(self) -> None:
        acting = self.contracts.acting
        transmission = self._rows_transmission()
        access = self._rows_simple(TRANSMISSION, ACCESS_PRODUCTS, footnotes="*", family="ACCESS PRODUCTS")
        data = self._rows_simple(DATA_NETWORKING, DATA_NETWORKING_PRODUCTS)
        five_ess = self._rows_five_ess()
        optical = self._rows_simple(OPTICAL, OPTICAL_PRODUCTS)
        self._packet_products()
        picks = self.b.rng.sample(acting[2:], 5)  # an amendment prints at most one table of a schedule
        # The first Transmission table replaces the General Agreement's, from before its amendment.
        self._table(
            TRANSMISSION, acting[0], TableAction.REPLACE, transmission, retro=(60, 200), rules=TRANSMISSION_RULES
        )
        self._table(TRANSMISSION, acting[1], TableAction.EXTEND, access)
        self._table(TRANSMISSION, picks[0], TableAction.REPLACE, transmission, retro=(0, 120), rules=TRANSMISSION_RULES)
        self._table(TRANSMISSION, picks[3], TableAction.REPLACE, transmission, rules=TRANSMISSION_RULES)
        if acting[-1] not in (picks[0], picks[3]) and self.b.chance(0.5):
            self._table(TRANSMISSION, acting[-1], TableAction.REPLACE, transmission, rules=TRANSMISSION_RULES)
        self._table(DATA_NETWORKING, acting[0], TableAction.ADD, data[:6])
        self._table(DATA_NETWORKING, acting[1], TableAction.EXTEND, data[6:])
        self._table(DATA_NETWORKING, picks[1], TableAction.REPLACE, data)
        self._table(DATA_NETWORKING, picks[4], TableAction.REPLACE, data, retro=(0, 60))
        self._table(FIVE_ESS, acting[1], TableAction.REPLACE, five_ess, retro=(30, 60), rules=FIVE_ESS_RULES)
        self._table(FIVE_ESS, picks[2], TableAction.REPLACE, five_ess, retro=(0, 90), rules=FIVE_ESS_RULES)
        self._table(OPTICAL, acting[1], TableAction.ADD, optical[:1])
        self._table(OPTICAL, acting[-1], TableAction.REPLACE, optical)
        self._table(PACKET, acting[1], TableAction.ADD, [], rules=PACKET_RULES)
        self._warranties(acting[1])

    # Schedules and products

    def _schedule(self, schedule: tuple[str, str, str]) -> DiscountSchedule:
        section, title, _family = schedule
        if section not in self.schedules:
            obj = DiscountSchedule(agreement=self.contracts.agreement, section=section, title=title)
            self.schedules[section] = self.b.add("schedules", obj)
            schedule_provision(self.b, self.contracts, section, title)
        return self.schedules[section]

    def _product(self, schedule: tuple[str, str, str], name: str, family: str = "") -> Product:
        product = Product(schedule=self._schedule(schedule), name=name, family=family or schedule[2])
        self.products[name] = self.b.add("products", product)
        if name in ABBREVIATIONS:
            self._name(product, ABBREVIATIONS[name], ProductName.Kind.ABBREVIATION)
        return product

    def _name(self, product: Product, name: str, kind: str, component: str = "") -> None:
        self.b.add("product_names", ProductName(product=product, name=name, kind=kind, component=component))

    def _rows_transmission(self) -> list[Row]:
        rows: list[Row] = []
        for name, cells, order_code in TRANSMISSION_ROWS:
            product = self._product(TRANSMISSION, name)
            if order_code:
                self._name(product, order_code, ProductName.Kind.ORDER_CODE)
            for component, suffix, percent in cells:
                as_written = name + suffix
                if suffix and len(cells) > 1:
                    self._name(product, as_written, ProductName.Kind.AS_WRITTEN, component)
                condition = "full_configuration" if order_code else ""
                footnotes = "**" if order_code else ""
                rows.append((product, component, condition, as_written, percent, "DISCOUNT", footnotes, order_code))
        return rows

    def _rows_simple(self, schedule, products, *, footnotes="", family="") -> list[Row]:
        return [
            (
                self._product(schedule, name, family),
                "",
                "",
                name + (" *" if footnotes else ""),
                percent,
                "DISCOUNT",
                footnotes,
                "",
            )
            for name, percent in products
        ]

    def _rows_five_ess(self) -> list[Row]:
        rows: list[Row] = []
        for name in FIVE_ESS_PRODUCTS:
            product = self._product(FIVE_ESS, name)
            for column, condition, percent in FIVE_ESS_COLUMNS:
                rows.append((product, "", condition, name, percent, column, "", ""))
        return rows

    def _packet_products(self) -> None:
        for name in PACKET_PRODUCTS:
            self._product(PACKET, name)

    # Tables and lines

    def _table(self, schedule, amendment: Amendment, action: str, rows: list[Row], *, retro=(0, 0), rules=()) -> None:
        b = self.b
        section = schedule[0]
        obj = self._schedule(schedule)
        valid_from = amendment.effective_date - timedelta(days=b.rng.randint(*retro))
        valid_from = max(valid_from, self.contracts.agreement.effective_date)
        table = DiscountTable(
            key=f"{b.tag}-am{amendment.number}-{slugify(section)}",
            schedule=obj,
            amendment=amendment,
            amendment_section="4",
            action=action,
            valid_from=valid_from,
            valid_from_note=""
            if valid_from == amendment.effective_date
            else "Effective as of the date the table states.",
            heading_as_written=f"{section} {schedule[1]}",
            columns="\n".join(dict.fromkeys(row[5] for row in rows)),
            default_component=Component.HARDWARE if section == TRANSMISSION[0] and action != TableAction.EXTEND else "",
        )
        b.add("tables", table)
        version_action: str = {
            TableAction.REPLACE.value: ProvisionVersion.Action.REPLACE,
            TableAction.EXTEND.value: ProvisionVersion.Action.EXTEND,
        }.get(str(action), ProvisionVersion.Action.ADD)
        table_provision_version(
            b, self.contracts.provisions[f"Appendix A {section}"], amendment, version_action, valid_from
        )
        rule_keys: set[str] = set()
        for position, (kind, mark, percent, order_code, applies_to, parameters) in enumerate(rules, start=1):
            text = f"{mark} {kind.label}: {applies_to or 'the products of this table'}."
            rule_keys.add(key := row_key(str(kind), rule_keys, fallback="rule"))
            rule = DiscountRule(
                table=table,
                key=key,
                position=position,
                kind=kind,
                text_ref=mark,
                text=text,
                percent=percent,
                order_code=order_code,
                applies_to=applies_to,
                parameters=parameters,
            )
            b.add("rules", rule)
        self._lines(table, rows)

    def _lines(self, table: DiscountTable, rows: list[Row]) -> None:
        b = self.b
        extra = len(rows)
        for position, (product, component, condition, as_written, base, column, footnotes, code) in enumerate(
            rows, start=1
        ):
            percent = _varied(b, base)
            reason = NO_NUMBER
            if percent is not None and b.chance(0.03):
                percent, reason = None, b.rng.choice(UNPRICED)  # a cell that prints no number
            line = self._line(table, position, column, product, as_written, component, condition, percent, reason)
            line.footnotes, line.order_code = footnotes, code
            if b.chance(0.12) and percent is not None:
                # The table prints the row twice: one percent until a date, another after it.
                line.valid_to = line.valid_from + timedelta(days=b.rng.randint(120, 360))
                extra += 1
                later = self._line(table, extra, column, product, as_written, component, condition, _varied(b, base))
                later.valid_from = line.valid_to + timedelta(days=1)

    def _line(
        self, table, position, column, product, as_written, component, condition, percent, reason=NO_NUMBER
    ) -> DiscountLine:
        taken = self.line_keys[(id(table), column)]
        taken.add(key := row_key(as_written, taken))
        line = DiscountLine(
            table=table,
            amendment=table.amendment,
            key=key,
            position=position,
            column=column,
            product=product,
            product_as_written=as_written,
            component=component,
            condition=condition,
            percent=percent,
            percent_as_written=_as_written(percent) if percent is not None else reason,
            no_number_reason="" if percent is not None else reason,
            valid_from=table.valid_from,
        )
        return self.b.add("lines", line)

    def _warranties(self, amendment: Amendment) -> None:
        packet = self.schedules[PACKET[0]]
        data = self.schedules[DATA_NETWORKING[0]]
        tag = f"am{amendment.number}"
        terms: list[tuple[str, DiscountSchedule | None, Product | None, str, int | None, int | None, str]] = [
            (f"{tag}-7re-hardware", packet, None, Component.HARDWARE, 12, None, ""),
            (f"{tag}-7re-software-new-solution", packet, None, Component.SOFTWARE, 12, None, "new_packet_solution"),
            (f"{tag}-7re-software-other", packet, None, Component.SOFTWARE, 3, None, "other_software"),
            (f"{tag}-data-networking-hardware", data, None, Component.HARDWARE, 12, None, ""),
            (f"{tag}-data-networking-software", data, None, Component.SOFTWARE, None, 90, ""),
        ]
        for name, _percent in ACCESS_PRODUCTS[:4]:
            terms.append((f"{tag}-access-products-star", None, self.products[name], "", 12, None, ""))
        gateway = self.products[ACCESS_PRODUCTS[4][0]]
        terms.append((f"{tag}-7re-connection-gateway-hardware", None, gateway, Component.HARDWARE, 12, None, ""))
        terms.append((f"{tag}-7re-connection-gateway-software", None, gateway, Component.SOFTWARE, 18, None, ""))
        for key, schedule, product, component, months, days, kind in terms:
            target = product.name if product else schedule.title  # type: ignore[union-attr]
            self.b.add(
                "warranties",
                WarrantyTerm(
                    key=key,
                    amendment=amendment,
                    amendment_section="4",
                    schedule=schedule,
                    product=product,
                    applies_to_as_written=target,
                    component=component,
                    months=months,
                    days=days,
                    condition_kind=kind,
                    text=f"The warranty period for {target} is {months or days} {'months' if months else 'days'}.",
                ),
            )


def _varied(b: PlanBuilder, base: Decimal | None) -> Decimal | None:
    """The seed's percent, moved a little; no number and the real 0% stay as they are."""
    if base is None or base == 0:
        return base
    return Decimal(max(1, min(95, int(base) + b.rng.randint(-6, 6)))).quantize(Decimal("0.01"))


def _as_written(percent: Decimal) -> str:
    return "00%" if percent == 0 else f"{int(percent)}%"
