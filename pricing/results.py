"""What the pricing engine takes and gives back: frozen values, money as Decimal.

Rounding (house rule): each line's extended net is computed exactly
(list price x quantity x (100 - percent) / 100) and rounded once, half up, to the cent; the shown
unit net is the unit price rounded the same way, for reading only. Totals are sums of the rounded
lines, so a printed quote adds up.

Magnitudes (what a quote accepts, chosen so that every amount it computes fits the answer's fields
exactly and Decimal arithmetic never rounds before the one rounding above): a unit price (list price,
firm quotation) has at most `PRICE_DIGITS` digits with the cents (up to 9,999,999,999.99), a quantity
is at most `MAX_QUANTITY`; so a line's extended amount is below 10^16 (`AMOUNT_DIGITS` with the cents,
also the limit of a comparable configuration's price) and the total of a quote's lines (at most
`pricing.forms.API_MAX_LINES` = 1,000) below 10^19 (`TOTAL_DIGITS` with the cents). Each is well within
Decimal's default 28 significant digits, so list price x quantity x (100 - percent) is computed exactly.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum
from typing import TYPE_CHECKING

from contracts.snapshot import Authorization
from core.pointintime.dates import AsOf
from pricing.choices import RuleKind

if TYPE_CHECKING:
    from pricing.models import DiscountTable

CENT = Decimal("0.01")
HUNDRED = Decimal(100)

PRICE_DIGITS = 12
MAX_QUANTITY = 1_000_000
AMOUNT_DIGITS = 18
TOTAL_DIGITS = 21


def to_cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


class Outcome(Enum):
    PRICED = "priced"
    NO_NUMBER = "no_number"
    UNKNOWN = "unknown"
    NOT_APPLICABLE = "not_applicable"
    NEEDS_INPUT = "needs_input"
    FIRM_QUOTATION = "firm_quotation"

    @property
    def words(self) -> str:
        """What the outcome means, for people: pages and printouts show this, never the code."""
        return OUTCOME_WORDS[self]


# The one place an outcome becomes words (the quote page, its printout, saved quotes).
OUTCOME_WORDS = {
    Outcome.PRICED: "Discount applies",
    Outcome.NO_NUMBER: "The schedule lists it but prints no discount figure",
    Outcome.UNKNOWN: "Unknown: the documents in the filing do not say",
    Outcome.NOT_APPLICABLE: "No discount applies",
    Outcome.NEEDS_INPUT: "More information is needed to price it",
    Outcome.FIRM_QUOTATION: "Priced by the Seller's firm quotation, not a discount",
}


class UserCondition:
    """Conditions a buyer can state for a line (the engine maps them onto the table's conditions)."""

    INITIAL_SWITCH = "initial_switch"
    GROWTH = "growth"
    PRI_ONLY = "pri_only"
    FULL_CONFIGURATION = "full_configuration"
    SINGLE_COMMONS = "single_commons"
    CHOICES = [
        ("", "None"),
        (INITIAL_SWITCH, "Initial switch (5ESS)"),
        (GROWTH, "Growth (5ESS; give STSX-1 cards added)"),
        (PRI_ONLY, "Dedicated hardware and software for PRIs only (5ESS)"),
        (FULL_CONFIGURATION, "Full configuration of the order code"),
        (SINGLE_COMMONS, "Commons ordered singly"),
    ]


PACKET_COMPONENTS = ("call_feature_server", "one_link_manager", "packet_gateway")


@dataclass(frozen=True)
class LineRequest:
    """One quote line as the buyer states it."""

    product: str
    list_price: Decimal | None = None
    quantity: int = 1
    component: str = ""
    condition: str = ""
    stsx1_cards_added: int | None = None
    order_code: str = ""
    packet_components: frozenset[str] = frozenset()
    installed_at_one_time: bool = False
    quoted_unit_price: Decimal | None = None
    comparable_5ess_price: Decimal | None = None

    @property
    def is_packet_solution(self) -> bool:
        """A-1.26: one each of the three components, purchased and installed at one time."""
        return set(PACKET_COMPONENTS) <= set(self.packet_components) and self.installed_at_one_time


@dataclass(frozen=True)
class Clause:
    """Where an answer comes from: amendment, its section, the Appendix A section, a footnote."""

    amendment_number: int
    amendment_date: date
    amendment_section: str
    schedule_section: str
    valid_from: date | None = None
    text_ref: str = ""

    @classmethod
    def of_table(cls, table: "DiscountTable", text_ref: str = "") -> "Clause":
        """The clause of a discount table (its amendment and Appendix A section), plus a footnote."""
        return cls(
            amendment_number=table.amendment.number,
            amendment_date=table.amendment.effective_date,
            amendment_section=table.amendment_section,
            schedule_section=table.schedule.section,
            valid_from=table.valid_from,
            text_ref=text_ref,
        )

    def __str__(self) -> str:
        where = f"Amendment {self.amendment_number} §{self.amendment_section}".rstrip(" §")
        ref = f", {self.text_ref}" if self.text_ref else ""
        return f"{where} (effective {self.amendment_date:%Y-%m-%d}): Appendix A {self.schedule_section}{ref}"


@dataclass(frozen=True)
class Warranty:
    component: str
    period: str
    clause: Clause | None
    text: str

    def __str__(self) -> str:
        part = f"{self.component}: " if self.component else ""
        return f"{part}{self.period}"


@dataclass(frozen=True)
class LineResult:
    request: LineRequest
    outcome: Outcome
    product_name: str = ""
    product_pk: int | None = None
    schedule_section: str = ""
    component: str = ""
    percent: Decimal | None = None
    rule: str = ""
    clause: Clause | None = None
    unit_net: Decimal | None = None
    extended_list: Decimal | None = None
    extended_net: Decimal | None = None
    warranties: tuple[Warranty, ...] = ()
    warnings: tuple[str, ...] = ()
    candidates: tuple[str, ...] = ()

    @property
    def is_priced(self) -> bool:
        return self.extended_net is not None

    @property
    def outcome_words(self) -> str:
        """The outcome and, where a footnote rule decided it, the rule, in words (`OUTCOME_WORDS`)."""
        if not self.rule or self.rule == "row":
            return self.outcome.words
        rule = RuleKind(self.rule).label if self.rule in RuleKind.values else self.rule.replace("_", " ")
        return f"{self.outcome.words} (footnote rule: {rule.lower()})"

    def same_answer(self, other: "LineResult") -> bool:
        return (self.outcome, self.percent, self.extended_net, self.clause) == (
            other.outcome,
            other.percent,
            other.extended_net,
            other.clause,
        )


@dataclass(frozen=True)
class QuoteResult:
    as_of: AsOf
    entity_name: str
    eligibility: Authorization
    lines: tuple[LineResult, ...] = field(default_factory=tuple)

    @property
    def total_list(self) -> Decimal:
        """List total of the priced lines, so that it and the net total cover the same lines."""
        return sum(
            (line.extended_list for line in self.lines if line.extended_net is not None and line.extended_list),
            Decimal("0"),
        )

    @property
    def total_net(self) -> Decimal:
        """Sum of the rounded line nets of the priced lines; see `complete` before trusting it."""
        # `is_priced` spelled out, so the type checker sees the None-free amounts.
        return sum((line.extended_net for line in self.lines if line.extended_net is not None), Decimal("0"))

    @property
    def complete(self) -> bool:
        return all(line.is_priced for line in self.lines)

    @property
    def unpriced_count(self) -> int:
        return sum(1 for line in self.lines if not line.is_priced)
