"""What the contract says about each purchase: the contractual discount, flags, variance, credit due.

Nothing here decides a contract rule. The contractual discount of a purchase is the quote engine's
answer (`pricing.engine.price_line`) for a line with the purchase's inputs, on its order date, for its
buying entity; whether the buyer was a Customer and the order within the Term is the engine's
eligibility (`contracts.snapshot.authorization`). Two readings, the contract-time axis of
`core.pointintime`:
- **as agreed now** (`as_agreed=None`): every amendment on record, retroactive ones included;
- **as agreed on the invoice date** (`as_agreed=invoice date`, the order date when there is none): the
  amendments the invoice could have applied.

Money (rule of `pricing.results`): a variance or credit is computed exactly,
list price × quantity × (percent difference) / 100, and rounded once, half up, to the cent
(`pricing.results.to_cents`); totals are sums of the rounded lines. A positive variance is an
overcharge (the invoice gave less discount than the contract), a negative one an undercharge.

Unknown stays unknown: a line whose contractual discount has no number (unknown table, row without a
number, firm quotation, not listed, not eligible) or whose invoiced percent is blank has no variance,
and says why.

Queries: `check_purchases` reads each agreement's catalog once (`pricing.catalog.load_catalog`; the
catalogs of several agreements together, in the same queries), and the buyers and remedies of all the
purchases in one query each, whatever the number of purchases and of agreements.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from contracts.models import Agreement, LegalEntity
from contracts.snapshot import Authorization
from core.pointintime.dates import AsOf
from core.pointintime.standing import Standing
from pricing.catalog import Catalog, load_catalogs
from pricing.engine import eligibility, price_line
from pricing.results import HUNDRED, Clause, LineRequest, LineResult, Outcome, to_cents
from purchases.conditions import engine_condition
from purchases.models import Purchase
from releases.models import Remedy

NOT_CUSTOMER = "not_customer"
OUTSIDE_TERM = "outside_term"
NOT_ON_SCHEDULE = "not_on_schedule"
INVOICED_DIFFERS = "invoiced_differs"
REMEDY_PURCHASE = "remedy_purchase"


@dataclass(frozen=True)
class Flag:
    code: str  # NOT_CUSTOMER | OUTSIDE_TERM | NOT_ON_SCHEDULE | INVOICED_DIFFERS | REMEDY_PURCHASE
    message: str  # plain language, names the date and the clause


@dataclass(frozen=True)
class Reading:
    """The contractual discount of a purchase as the agreement stood on `as_agreed` (None: now)."""

    as_agreed: date | None
    line: LineResult

    @property
    def percent(self) -> Decimal | None:
        return self.line.percent

    @property
    def clause(self) -> Clause | None:
        return self.line.clause

    @property
    def why_no_percent(self) -> str:
        """Why there is no contractual percent (empty when there is one)."""
        if self.percent is not None:
            return ""
        if self.line.warnings:
            return " ".join(self.line.warnings)
        return f"No contractual discount ({self.line.outcome.value.replace('_', ' ')})."


@dataclass(frozen=True)
class Variance:
    """Invoiced versus contractual: `amount` > 0 is an overcharge, < 0 an undercharge; None with `why`."""

    amount: Decimal | None
    why: str = ""


@dataclass(frozen=True)
class Credit:
    """A credit due because an amendment agreed after the invoice applies to it retroactively.

    `amount` is (contractual % as agreed now − `basis_percent`) × list amount, rounded to the cent;
    `basis_percent` is the contractual % as agreed on the invoice date or, where that is unknown, the
    percent the invoice applied (`basis` says which). None when neither is known (`why`).
    `clause` is the clause of the answer as agreed now: the amendment that made the credit due.
    """

    clause: Clause
    amount: Decimal | None
    basis: str  # "agreed_then" | "invoiced" | ""
    basis_percent: Decimal | None
    why: str


@dataclass(frozen=True)
class PurchaseCheck:
    purchase: Purchase
    flags: tuple[Flag, ...]
    now: Reading  # as agreed now
    then: Reading  # as agreed on the invoice date (order date when none)
    authorization: Authorization  # may the buyer buy on the order date, as agreed now
    variance_now: Variance
    variance_then: Variance
    credit: Credit | None

    @property
    def agreed_on(self) -> date:
        """The date of the "as agreed on the invoice date" reading."""
        # `then.as_agreed` is always set: the invoice date or the order date.
        return self.then.as_agreed or self.purchase.order_date

    @property
    def has_variance(self) -> bool:
        return bool(self.variance_now.amount)

    @property
    def flag_codes(self) -> tuple[str, ...]:
        return tuple(flag.code for flag in self.flags)


def agreed_on(purchase: Purchase) -> date:
    """The as-agreed date of the invoice reading: the invoice date, or the order date when there is none."""
    return purchase.invoice_date or purchase.order_date


def line_request(purchase: Purchase) -> LineRequest:
    """The engine's input for a purchase: the same fields a quote line takes."""
    return LineRequest(
        product=purchase.product_as_entered,
        list_price=purchase.list_price,
        quantity=purchase.quantity,
        component=purchase.component,
        condition=engine_condition(purchase.condition),
        stsx1_cards_added=purchase.stsx1_cards_added,
        order_code=purchase.order_code,
        packet_components=frozenset(p.strip() for p in purchase.packet_components.split(",") if p.strip()),
        installed_at_one_time=purchase.installed_at_one_time,
        quoted_unit_price=purchase.quoted_unit_price,
        comparable_5ess_price=purchase.comparable_5ess_price,
    )


def check_purchases(purchases: Sequence[Purchase]) -> list[PurchaseCheck]:
    """Each purchase checked, in the order given; one catalog per agreement, bounded queries."""
    catalogs = _catalogs({p.agreement_id for p in purchases})
    buyers = LegalEntity.objects.in_bulk({p.buyer_id for p in purchases})
    remedy_ids = {p.remedy_id for p in purchases if p.remedy_id is not None}
    remedies = Remedy.objects.select_related("release__group__product_line").in_bulk(remedy_ids) if remedy_ids else {}
    checks = []
    for purchase in purchases:
        purchase.buyer = buyers[purchase.buyer_id]
        catalog = catalogs[purchase.agreement_id]
        purchase.agreement = catalog.agreement
        if purchase.remedy_id is not None:
            purchase.remedy = remedies[purchase.remedy_id]
        checks.append(check_purchase(purchase, catalog))
    return checks


def _catalogs(agreement_ids: set[int]) -> dict[int, Catalog]:
    """Each agreement's catalog, read together (`pricing.catalog.load_catalogs`): a page of purchases of
    many agreements costs the same queries as one agreement's."""
    return load_catalogs(Agreement.objects.in_bulk(agreement_ids))


def check_purchase(purchase: Purchase, catalog: Catalog) -> PurchaseCheck:
    """One purchase against `catalog` (its agreement's, loaded once); never queries."""
    request = line_request(purchase)
    now_as_of = AsOf(on=purchase.order_date)
    then_as_of = AsOf(on=purchase.order_date, as_agreed=agreed_on(purchase))
    allowed = eligibility(catalog, purchase.buyer, now_as_of)
    now = Reading(None, price_line(catalog, request, as_of=now_as_of, eligible=allowed))
    then_allowed = eligibility(catalog, purchase.buyer, then_as_of)
    then = Reading(then_as_of.as_agreed, price_line(catalog, request, as_of=then_as_of, eligible=then_allowed))
    remedy = _remedy_note(purchase)
    variance_now = remedy or _variance(purchase, now)
    variance_then = remedy or _variance(purchase, then)
    credit = None if remedy else _credit(purchase, now, then)
    return PurchaseCheck(
        purchase=purchase,
        flags=tuple(_flags(purchase, allowed, now)),
        now=now,
        then=then,
        authorization=allowed,
        variance_now=variance_now,
        variance_then=variance_then,
        credit=credit,
    )


def amount_of(purchase: Purchase, percent_points: Decimal) -> Decimal:
    """`percent_points` of the purchase's list amount, exact then rounded once to the cent."""
    return to_cents(purchase.list_price * purchase.quantity * percent_points / HUNDRED)


def _remedy_note(purchase: Purchase) -> Variance | None:
    if purchase.remedy_id is None:
        return None
    return Variance(
        None,
        "Bought from another supplier under a slip remedy (b): the agreement's discounts do not price it.",
    )


def _variance(purchase: Purchase, reading: Reading) -> Variance:
    if reading.percent is None:
        return Variance(None, reading.why_no_percent)
    if purchase.invoiced_percent is None:
        return Variance(None, "The invoiced discount is not recorded (unknown, not 0%).")
    return Variance(amount_of(purchase, reading.percent - purchase.invoiced_percent))


def _credit(purchase: Purchase, now: Reading, then: Reading) -> Credit | None:
    """A credit is due when the answer as agreed now comes from an amendment agreed after the invoice
    and differs from the answer the invoice could have applied."""
    clause = now.clause
    invoiced_on = agreed_on(purchase)
    if now.percent is None or clause is None or clause.amendment_date <= invoiced_on:
        return None
    if then.percent is not None:
        if then.percent == now.percent:
            return None
        return Credit(clause, amount_of(purchase, now.percent - then.percent), "agreed_then", then.percent, "")
    # The engine's first warning says why the earlier terms have no number (e.g. the replaced table is
    # not in the documents); eligibility notes follow it and are not the reason.
    unknown = then.line.warnings[0] if then.line.warnings else then.why_no_percent
    if purchase.invoiced_percent is not None:
        why = (
            f"The discount agreed on {invoiced_on:%Y-%m-%d} has no number ({unknown}); measured against the "
            f"{purchase.invoiced_percent.normalize():f}% invoiced."
        )
        delta = now.percent - purchase.invoiced_percent
        return Credit(clause, amount_of(purchase, delta), "invoiced", purchase.invoiced_percent, why)
    why = (
        f"Unknown: the discount agreed on {invoiced_on:%Y-%m-%d} has no number ({unknown}) and the invoiced "
        "discount is not recorded."
    )
    return Credit(clause, None, "", None, why)


def _flags(purchase: Purchase, allowed: Authorization, now: Reading) -> list[Flag]:
    flags = []
    on = f"{purchase.order_date:%Y-%m-%d}"
    # `authorization` checks the Customer first, then the Term (contracts.snapshot).
    customer_check = allowed.checks[0]
    if customer_check.standing is Standing.NO:
        flags.append(Flag(NOT_CUSTOMER, f"Not a Customer on the order date {on}: {customer_check.reason}"))
    term = allowed.term
    if term is not None and term.in_term is Standing.NO:
        flags.append(Flag(OUTSIDE_TERM, f"Ordered on {on}, outside the Term: {term.reason}"))
    if now.line.outcome is Outcome.NOT_APPLICABLE and now.line.product_pk is None:
        flags.append(
            Flag(
                NOT_ON_SCHEDULE,
                f"{purchase.product_as_entered!r} is on no discount schedule of {purchase.agreement.contract_number}.",
            )
        )
    invoiced = purchase.invoiced_percent
    if invoiced is not None and now.percent is not None and invoiced != now.percent:
        flags.append(
            Flag(
                INVOICED_DIFFERS,
                f"Invoiced {invoiced.normalize():f}% but the contract gives {now.percent.normalize():f}% for an "
                f"order on {on} ({now.clause}).",
            )
        )
    if purchase.remedy_id is not None:
        supplier = purchase.supplier or "another supplier"
        flags.append(
            Flag(
                REMEDY_PURCHASE,
                f"Bought from {supplier} under slip remedy (b) (Amendment 3, Section 5), {purchase.remedy}.",
            )
        )
    return flags
