"""The quote calculator: percent, net, warranty, the clause it came from, and what is missing.

Pure: it reads a `pricing.catalog.Catalog` (loaded once) and returns frozen results; it never
writes or queries. What each footnote rule *means* is decided here and in `pricing.selection`;
the rules' data (percents, order code, card threshold) come from the data file via the catalog.

Two dates, as everywhere: `on` (the order date the terms apply to) and `as_agreed` (only amendments
effective by then count; None = every amendment on record).
"""

from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from datetime import date
from decimal import Decimal
from operator import attrgetter
from typing import TYPE_CHECKING, cast

from contracts.snapshot import Authorization, authorization
from core.pointintime.dates import AsOf
from core.pointintime.standing import Standing
from pricing.catalog import Catalog
from pricing.choices import RuleKind
from pricing.footnote_scope import footnotes_not_applied
from pricing.in_force import lines_in_force, table_order, tables_in_force
from pricing.results import (
    HUNDRED,
    Clause,
    LineRequest,
    LineResult,
    Outcome,
    QuoteResult,
    Warranty,
    to_cents,
)
from pricing.selection import Decision, choose_discount
from pricing.warranties import warranties_for

if TYPE_CHECKING:  # rows loaded by pricing.catalog; the engine never queries them
    from contracts.models import LegalEntity
    from pricing.models import DiscountRule, DiscountTable, Product


def price_quote(
    catalog: Catalog,
    *,
    lines: list[LineRequest],
    on: date,
    as_agreed: date | None = None,
    entity: "LegalEntity | None" = None,
) -> QuoteResult:
    """Price every line for `entity` ordering on `on`, as the agreement stood on `as_agreed`."""
    as_of = AsOf(on=on, as_agreed=as_agreed)
    eligible = eligibility(catalog, entity, as_of)
    # Lines are independent: each is judged from its own inputs, the catalog and the dates, never from
    # the other lines. So a line asked again (an order of a thousand lines repeats a few products) is
    # judged once, and only its money is computed per line.
    # The same request object given for several lines (`pricing.api.quote_lines.line_requests` shares them) has
    # one answer: kept by the object's id, alive in `lines` for the whole loop.
    judged: dict[tuple[object, ...], Judgement] = {}
    answered: dict[int, LineResult] = {}
    terms = _terms(eligible)
    results = []
    for request in lines:
        answer = answered.get(id(request))
        if answer is None:
            key = judgement_key(request)
            judgement = judged.get(key)
            if judgement is None:
                judgement = judged[key] = judge_line(catalog, judged_request(request), as_of)
            answer = answered[id(request)] = _answer(request, judgement, terms)
        results.append(answer)
    return QuoteResult(as_of, entity.name if entity is not None else "", eligible, tuple(results))


def price_quote_compared(
    catalog: Catalog, *, lines: list[LineRequest], on: date, as_agreed: date | None, entity: "LegalEntity | None" = None
) -> tuple[QuoteResult, list[LineResult | None]]:
    """The quote as agreed on `as_agreed`, and per line the answer as agreed now where it differs
    (None where it is the same, or when no `as_agreed` date was asked for)."""
    result = price_quote(catalog, lines=lines, on=on, as_agreed=as_agreed, entity=entity)
    if as_agreed is None:
        return result, [None] * len(result.lines)
    now = price_quote(catalog, lines=lines, on=on, as_agreed=None, entity=entity)
    return result, [None if a.same_answer(b) else b for a, b in zip(result.lines, now.lines, strict=True)]


def eligibility(catalog: Catalog, entity: "LegalEntity | None", as_of: AsOf) -> Authorization:
    """Discounts apply only within the Term and only to entities that are Customers on the date.

    Decided by `contracts.snapshot.authorization`, the same answer the entity pages give.
    """
    return authorization(
        catalog.agreement,
        as_of,
        entity=entity,
        membership=catalog.membership(entity),
        term_versions=list(catalog.term_versions),
    )


def price_line(catalog: Catalog, request: LineRequest, *, as_of: AsOf, eligible: Authorization) -> LineResult:
    return finish_line(request, judge_line(catalog, request, as_of), eligible)


@dataclass(frozen=True)
class Judgement:
    """What a line's inputs other than its list price and quantity decide: the product the name finds,
    what the name told (order code, component), the discount decision and the warranties; or, when
    the name finds no one product, the answer saying so."""

    unresolved: LineResult | None = None
    product: "Product | None" = None
    order_code: str = ""
    component: str = ""
    decision: Decision | None = None
    warranties: tuple[Warranty, ...] = ()


# Every input of a line but its list price and quantity (a field added to LineRequest is in it too).
_JUDGED_INPUTS = attrgetter(*(f.name for f in fields(LineRequest) if f.name not in ("list_price", "quantity")))


def judgement_key(request: LineRequest) -> tuple[object, ...]:
    """The inputs a line's judgement depends on: all but the list price, and the quantity only where
    the minimum-savings check of a firm quotation reads it (`_savings_check`)."""
    quoted = request.quoted_unit_price
    if quoted is None:
        return (_JUDGED_INPUTS(request), 1)
    # The amounts as written: equal amounts written differently (0 and -0) are answered as written.
    return (_JUDGED_INPUTS(request), request.quantity, str(quoted), str(request.comparable_5ess_price))


def judged_request(request: LineRequest) -> LineRequest:
    """`request` as its judgement sees it: no list price, and a quantity of 1 unless it is read."""
    quantity = request.quantity if request.quoted_unit_price is not None else 1
    if request.list_price is None and request.quantity == quantity:
        return request
    return replace(request, list_price=None, quantity=quantity)


def judge_line(catalog: Catalog, request: LineRequest, as_of: AsOf) -> Judgement:
    """`request`'s judgement: it reads neither its list price nor (see `judgement_key`) its quantity."""
    matches = catalog.resolve(request.product)
    if not matches:
        return Judgement(
            LineResult(
                request,
                Outcome.NOT_APPLICABLE,
                warnings=(f"No product named {request.product!r} is on any discount schedule of the agreement.",),
            )
        )
    if len(matches) > 1:
        names = tuple(m.product.name for m in matches)
        return Judgement(
            LineResult(
                request,
                Outcome.NEEDS_INPUT,
                warnings=(f"{request.product!r} matches {len(names)} products; choose one: {'; '.join(names)}.",),
                candidates=names,
            )
        )
    match = matches[0]
    product = match.product
    order_code = match.matched_name if match.kind == "order_code" and not request.order_code else ""
    component = match.component if match.component and not request.component else ""
    request = _told(request, order_code, component)
    decision = _decide(catalog, product, request, as_of)
    if request.packet_components and decision.outcome is not Outcome.FIRM_QUOTATION:
        decision = replace(decision, warnings=decision.warnings + _outside_packet_solution(catalog, product))
    scope = footnotes_not_applied(
        product, {line.table for line in catalog.lines_of(product.pk)}, catalog.tables_of(product.schedule_id)
    )
    if scope:
        decision = replace(decision, warnings=decision.warnings + tuple(scope))
    warranties = warranties_for(catalog, product, request, as_of)
    return Judgement(None, product, order_code, component, decision, warranties)


def finish_line(request: LineRequest, judgement: Judgement, eligible: Authorization) -> LineResult:
    """The answer for `request`, whose judgement (of the same inputs but list price and quantity) is
    `judgement`: the money of its own list price and quantity, and the buyer's eligibility."""
    return _answer(request, judgement, _terms(eligible))


def _terms(eligible: Authorization) -> tuple[bool, tuple[str, ...]]:
    """What the buyer's eligibility does to every line of a quote: whether it refuses the discounts, and
    the reasons each line gives (only the checks that decided are reasons; a passing check is not)."""
    notes = []
    for check in eligible.checks:
        if check.standing is Standing.NO:
            notes.append(f"No discount under the agreement: {check.reason}")
        elif check.standing is Standing.UNKNOWN:
            notes.append(f"Eligibility unknown: {check.reason}")
    return eligible.standing is Standing.NO, tuple(notes)


def _answer(request: LineRequest, judgement: Judgement, terms: tuple[bool, tuple[str, ...]]) -> LineResult:
    if judgement.unresolved is not None:
        return replace(judgement.unresolved, request=request)
    # A judged line always has its product and decision (`judge_line`).
    product, decision = cast("Product", judgement.product), cast(Decision, judgement.decision)
    request = _told(request, judgement.order_code, judgement.component)
    return _finish(request, product, decision, judgement.warranties, terms)


def _told(request: LineRequest, order_code: str, component: str) -> LineRequest:
    """The request with what the product's name told (an order code, a component) where it gave none."""
    if order_code and component:
        return replace(request, order_code=order_code, component=component)
    if order_code:
        return replace(request, order_code=order_code)
    if component:
        return replace(request, component=component)
    return request


def _outside_packet_solution(catalog: Catalog, product: "Product") -> tuple[str, ...]:
    """A-1.26's exclusions: a line priced under another schedule is not part of a Packet Solution."""
    quotation_tables = [t for t in catalog.tables if firm_quotation_rule([t]) is not None]
    exclusions = [r.text for t in quotation_tables for r in t.rules.all() if r.kind == RuleKind.EXCLUDES]
    return (
        f"7R/E elements were given, but {product} is priced under {product.schedule.section}, not as part of a "
        "7R/E Packet Solution." + "".join(f" {text}" for text in exclusions),
    )


def _decide(catalog: Catalog, product: "Product", request: LineRequest, as_of: AsOf) -> Decision:
    """Which table is in force for the product's schedule, then which line or rule applies."""
    in_force, gap = schedule_in_force(catalog.tables_of(product.schedule_id), as_of)
    if gap is not None:
        return gap
    quotation = firm_quotation_rule(in_force)
    if quotation is not None:
        return _firm_quotation(quotation, _rule(in_force, RuleKind.MINIMUM_SAVINGS), request)
    lines = lines_in_force(catalog.lines_of(product.pk), catalog.tables_of(product.schedule_id), as_of)
    if not lines:
        return _not_listed(catalog, product, as_of)
    return choose_discount(lines, request)


def _rule(tables: "Iterable[DiscountTable]", kind: str) -> "DiscountRule | None":
    return next((r for t in tables for r in t.rules.all() if r.kind == kind), None)


def firm_quotation_rule(tables: "Iterable[DiscountTable]") -> "DiscountRule | None":
    """A-1.26's rule that the Seller quotes a firm price instead of a percent, if `tables` state one."""
    return _rule(tables, RuleKind.FIRM_QUOTATION)


def schedule_in_force(tables: "Iterable[DiscountTable]", as_of: AsOf) -> "tuple[list[DiscountTable], Decision | None]":
    """(tables in force, None) or ([], a Decision saying why there is none: unknown or not agreed)."""
    schedule_tables = sorted(tables, key=table_order)
    current = tables_in_force(schedule_tables, as_of)
    if current or not schedule_tables:
        return current, None
    agreed = [t for t in schedule_tables if as_of.counts(t.amendment)]
    return [], _no_table(schedule_tables, agreed, as_of)


def _no_table(schedule_tables: "list[DiscountTable]", agreed: "list[DiscountTable]", as_of: AsOf) -> Decision:
    first = schedule_tables[0]
    section = first.schedule.section
    source = f"{first.amendment} §{first.amendment_section} (effective {first.amendment.effective_date:%Y-%m-%d})"
    if first.action == "replace":
        # The earliest table we have replaced one that is not in the documents: unknown, not zero.
        if not agreed:
            why = (
                f"As agreed on {as_of.as_agreed:%Y-%m-%d}, {section} was the table that {source} later "
                "replaced; the replaced table is not in the documents."
            )
        else:
            why = (
                f"Before {first.valid_from:%Y-%m-%d}, {section} was the table that {source} replaced; the "
                "replaced table is not in the documents."
            )
        return Decision(Outcome.UNKNOWN, warnings=(f"Unknown: {why}",))
    if not agreed:
        why = f"{section} was added by {source}, not yet agreed on {as_of.as_agreed:%Y-%m-%d}."
    else:
        why = f"{section} applies from {first.valid_from:%Y-%m-%d} ({source}); {as_of.on:%Y-%m-%d} is before."
    return Decision(Outcome.NOT_APPLICABLE, warnings=(f"No discount: {why}",))


def _not_listed(catalog: Catalog, product: "Product", as_of: AsOf) -> Decision:
    """The schedule is in force but does not list the product on that date."""
    tables = sorted({line.table for line in catalog.lines_of(product.pk)}, key=table_order)
    if not tables:
        return Decision(
            Outcome.NOT_APPLICABLE, warnings=(f"{product.schedule.section} gives no discount for {product}.",)
        )
    table = tables[0]
    source = f"{table.amendment} (effective {table.amendment.effective_date:%Y-%m-%d})"
    if not as_of.counts(table.amendment):
        why = f"added to {product.schedule.section} by {source}, not yet agreed on {as_of.as_agreed:%Y-%m-%d}"
    elif table.valid_from > as_of.on:
        why = f"on {product.schedule.section} only from {table.valid_from:%Y-%m-%d} ({source})"
    else:
        why = f"no longer on {product.schedule.section}: a later table replaced the one of {source}"
    return Decision(Outcome.NOT_APPLICABLE, warnings=(f"No discount for {product}: {why}.",))


def _firm_quotation(rule: "DiscountRule", savings_rule: "DiscountRule | None", request: LineRequest) -> Decision:
    """A-1.26 7R/E Packet Solutions: no percent; the price is the Seller's firm quotation."""
    ref = rule.text_ref if rule.text_ref != rule.table.schedule.section else ""
    clause = Clause.of_table(rule.table, ref)
    notes = [
        "Firm quotation: A-1.26 gives no discount percent; Seller quotes a firm price "
        "(List Prices are not yet finalized for 7R/E components)."
    ]
    if request.is_packet_solution:
        notes.append("This configuration is a 7R/E Packet Solution (all three components installed at one time).")
    else:
        notes.append(
            "Not a 7R/E Packet Solution: it needs one each of a Call Feature Server, One-Link Manager and "
            "Packet Gateway, purchased and installed at one time."
        )
    if request.quoted_unit_price is None:
        notes.append("Enter the Seller's firm quotation (unit price) to price this line.")
        return Decision(Outcome.FIRM_QUOTATION, rule=RuleKind.FIRM_QUOTATION, clause=clause, warnings=tuple(notes))
    if savings_rule is not None:
        notes.extend(_savings_check(savings_rule, request, request.quoted_unit_price))
    return Decision(
        Outcome.FIRM_QUOTATION,
        rule=RuleKind.FIRM_QUOTATION,
        clause=clause,
        warnings=tuple(notes),
        quoted_unit_price=request.quoted_unit_price,
    )


def _finish(
    request: LineRequest,
    product: "Product",
    decision: Decision,
    warranties: tuple[Warranty, ...],
    terms: tuple[bool, tuple[str, ...]],
) -> LineResult:
    refused, eligibility_notes = terms
    warnings = list(decision.warnings)
    extended_list = unit_net = extended_net = None
    if request.list_price is not None:
        extended_list = to_cents(request.list_price * request.quantity)
    outcome = decision.outcome
    if outcome is Outcome.PRICED:
        if request.list_price is None:
            outcome = Outcome.NEEDS_INPUT
            warnings.append("Enter the list price to compute the net.")
        else:
            # A priced decision always carries its percent (`from_line` and `_from_rule` give one).
            unit_net, extended_net = net_amounts(request.list_price, request.quantity, cast(Decimal, decision.percent))
    elif outcome is Outcome.FIRM_QUOTATION and decision.quoted_unit_price is not None:
        unit_net = to_cents(decision.quoted_unit_price)
        extended_net = to_cents(decision.quoted_unit_price * request.quantity)
    percent = decision.percent
    # An unpriced line carries no percent: a client reading `percent` must not take it as applying.
    if refused:
        outcome, unit_net, extended_net, percent = Outcome.NOT_APPLICABLE, None, None, None
    if outcome in (Outcome.NOT_APPLICABLE, Outcome.UNKNOWN, Outcome.NO_NUMBER):
        percent = None
    warnings.extend(eligibility_notes)
    return LineResult(
        request=request,
        outcome=outcome,
        product_name=product.name,
        product_pk=product.pk,
        schedule_section=product.schedule.section,
        component=decision.component or request.component,
        percent=percent,
        rule=decision.rule,
        clause=decision.clause,
        unit_net=unit_net,
        extended_list=extended_list,
        extended_net=extended_net,
        warranties=warranties,
        warnings=tuple(warnings),
    )


def net_amounts(list_price: Decimal, quantity: int, percent: Decimal) -> tuple[Decimal, Decimal]:
    """(unit net, extended net), each rounded half up to the cent from the exact amount."""
    factor = (HUNDRED - percent) / HUNDRED
    return to_cents(list_price * factor), to_cents(list_price * quantity * factor)


def _savings_check(rule: "DiscountRule", request: LineRequest, quoted_unit_price: Decimal) -> list[str]:
    """A-1.26: a minimum savings (the rule's percent) against a comparable 5ESS TDM configuration."""
    comparable = request.comparable_5ess_price
    if comparable is None or comparable <= 0:
        return ["Enter the price of a comparable 5ESS TDM configuration to check the minimum savings."]
    quoted = to_cents(quoted_unit_price * request.quantity)
    # Compare the exact savings; rounding first would let 19.995% pass a 20% commitment.
    exact = (comparable - quoted) / comparable * HUNDRED
    # A minimum-savings rule is a percent by its kind (the data file gives it one).
    minimum = cast(Decimal, rule.percent)
    verdict = "meets" if exact >= minimum else "is BELOW"
    return [
        f"Savings versus the comparable 5ESS TDM configuration: {to_cents(exact)}% — {verdict} the minimum "
        f"{minimum.normalize():f}% Seller commits to for a 7R/E configuration utilizing pure packet "
        "access (A-1.26)."
    ]
