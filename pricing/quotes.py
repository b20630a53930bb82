"""The quote builder's workflows: who may be the buyer, which inputs a product needs, saved quotes.

- The buying entity of a quote page is one of the agreement's Customers on the order date, decided by
  `contracts.snapshot.authorization` (the rule the entity pages and the engine use). Other entities
  are offered only when the user asks for all of them; they get no discount, and the page says why.
  The Seller is never a buyer under its own agreement.
- Which optional inputs a line needs (5ESS conditions and STSX-1 cards, an order code, 7R/E firm
  quotation prices) is read from the product's schedule rules and lines in the catalog, not guessed
  from its name.
- A saved quote keeps its inputs and the answer it had; reopening it prices the inputs again and says
  what differs (an amendment recorded since, a correction).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.http import urlencode

from contracts.models import Agreement, CustomerMembership, LegalEntity
from contracts.snapshot import authorization, customer_standing
from core.editing import set_change_reason
from core.pointintime.dates import AsOf
from core.pointintime.standing import Standing
from pricing.catalog import Catalog, load_catalog
from pricing.choices import RuleKind
from pricing.engine import price_quote_compared
from pricing.models import DiscountLine, Product, SavedQuote, SavedQuoteLine
from pricing.results import PACKET_COMPONENTS, LineRequest, LineResult, Outcome, QuoteResult

SUGGESTIONS = 20
SAVED_QUOTES_PER_PAGE = 25

# The inputs a line may need besides product, component, list price and quantity, and the data that
# says a product needs them: its schedule's footnote rules, or its own printed lines.
OPTIONAL_INPUTS = (
    "condition",
    "stsx1_cards_added",
    "order_code",
    "packet_components",
    "installed_at_one_time",
    "quoted_unit_price",
    "comparable_5ess_price",
)
_INPUTS_BY_RULE: dict[str, tuple[str, ...]] = {
    RuleKind.GROWTH_DEFINITION: ("condition", "stsx1_cards_added"),
    RuleKind.PRI_ONLY_PERCENT: ("condition",),
    RuleKind.FIRM_QUOTATION: ("packet_components", "installed_at_one_time", "quoted_unit_price"),
    RuleKind.MINIMUM_SAVINGS: ("comparable_5ess_price",),
}
NOT_A_CUSTOMER = (
    "{why} Only the agreement's Customers on the order date get its discounts. Tick “Show all entities” "
    "to price it anyway: every line then says why no discount applies."
)


# Who buys


def seller_refusal(agreement: Agreement, entity: LegalEntity) -> str | None:
    if entity.pk == agreement.seller_id:
        return (
            f"{entity.name} is the Seller under {agreement.contract_number}; a quote prices what a Customer buys "
            "from the Seller."
        )
    return None


def customer_refusal(agreement: Agreement, entity: LegalEntity, as_of: AsOf) -> str | None:
    """Why `entity` is not a Customer of `agreement` on `as_of.on` (None when it is one, or may be)."""
    membership = CustomerMembership.objects.with_sources().filter(agreement=agreement, entity=entity).first()
    answer = authorization(agreement, as_of, entity=entity, membership=membership)
    if answer.customer is not None and answer.customer.standing is not Standing.NO:
        return None
    if answer.customer is not None:
        why = answer.customer.reason
    else:
        why = f"{entity.name} was never added as a Customer under it."
    return NOT_A_CUSTOMER.format(why=f"Not a Customer of {agreement.contract_number} on {as_of.on:%Y-%m-%d}: {why}")


def customers_on(agreement: Agreement, as_of: AsOf, *, text: str = "", limit: int = SUGGESTIONS) -> list[LegalEntity]:
    """The agreement's Customers on the date (never its Seller), whose name or key contains `text`.

    One query: an agreement's memberships are read whole (a few dozen), each decided by
    `contracts.snapshot.customer_standing`.
    """
    memberships = (
        CustomerMembership.objects.with_sources().filter(agreement=agreement).exclude(entity=agreement.seller_id)
    )
    if text:
        memberships = memberships.filter(Q(entity__name__icontains=text) | Q(entity__slug__icontains=text))
    found = [
        m.entity for m in memberships.order_by("entity__name") if customer_standing(m, as_of).standing is Standing.YES
    ]
    return found[:limit]


def other_entities(agreement: Agreement | None, *, text: str, limit: int = SUGGESTIONS) -> QuerySet[LegalEntity]:
    """Any entity by name or key (the "show all entities" box), never the agreement's Seller."""
    entities = LegalEntity.objects.filter(Q(name__icontains=text) | Q(slug__istartswith=text)).order_by("name")
    if agreement is not None:
        entities = entities.exclude(pk=agreement.seller_id)
    return entities[:limit]


# Which inputs a product needs


def inputs_for(catalog: Catalog, product: Product) -> frozenset[str]:
    """The optional inputs that can change `product`'s answer, from its schedule's rules and its lines."""
    kinds = {rule.kind for table in catalog.tables_of(product.schedule_id) for rule in table.rules.all()}
    needed = {name for kind in kinds for name in _INPUTS_BY_RULE.get(kind, ())}
    for line in catalog.lines_of(product.pk):
        if line.condition:
            needed.add("condition")
        if line.order_code:  # the order-code-only and commons-singly footnotes name this product's order code
            needed.update(("order_code", "condition"))
    return frozenset(needed)


def inputs_for_text(catalog: Catalog, text: str) -> frozenset[str] | None:
    """The inputs the product named `text` needs; None when the text names no one product."""
    matches = catalog.resolve(text)
    return inputs_for(catalog, matches[0].product) if len(matches) == 1 else None


def product_suggestions(agreement: Agreement | None, text: str) -> list[dict[str, str]]:
    """Products by any name, each with its schedule and the components its lines are printed for."""
    products = Product.objects.named(text).select_related("schedule__agreement")
    if agreement is not None:
        products = products.filter(schedule__agreement=agreement)
    found = list(products.order_by("name", "pk")[:SUGGESTIONS])
    components: dict[int, set[str]] = {}
    for product_id, component in (
        DiscountLine.objects.filter(product__in=found)
        .exclude(component="")
        .values_list("product_id", "component")
        .distinct()
    ):
        components.setdefault(product_id, set()).add(component.replace("_", " "))
    results = []
    for product in found:
        parts = sorted(components.get(product.pk, ()))
        label = f"{product.name} — {product.schedule.section} {product.schedule.title}"
        if parts:
            label += f"; components: {', '.join(parts)}"
        if agreement is None:
            label += f" ({product.schedule.agreement.contract_number})"
        results.append({"value": product.name, "label": label})
    return results


def clauses_cited(result: QuoteResult) -> list[str]:
    """Every clause a line or its warranty cites, in the order the quote first cites it."""
    cited: dict[str, None] = {}
    for line in result.lines:
        for clause in (line.clause, *(w.clause for w in line.warranties)):
            if clause is not None:
                cited.setdefault(str(clause))
    return list(cited)


# Saved quotes


def saved_quotes_for(user: Any) -> QuerySet[SavedQuote]:
    """A buyer's own saved quotes; contract admins and auditors (who read every record's history) see all."""
    quotes = SavedQuote.objects.select_related("owner", "agreement", "entity")
    if user.has_perm("core.view_history"):
        return quotes
    return quotes.filter(owner=user)


def may_change(user: Any, quote: SavedQuote) -> bool:
    """Only the user who prepared a quote saves it again (its history keeps every earlier version)."""
    return bool(user.has_perm("core.price_quote") and quote.owner_id == user.pk)


def save_quote(
    *,
    user: Any,
    title: str,
    agreement: Agreement,
    entity: LegalEntity,
    on: date,
    as_agreed: date | None,
    shows_all_entities: bool,
    requests: Sequence[LineRequest],
    result: QuoteResult,
    quote: SavedQuote | None = None,
) -> SavedQuote:
    """Save a priced quote (new, or `quote` again): its inputs and the answer they had, with history."""
    reason = "Quote saved" if quote is None else "Quote saved again"
    with transaction.atomic():
        if quote is None:
            quote = SavedQuote(owner=user)
        quote.title, quote.agreement, quote.entity = title, agreement, entity
        quote.on, quote.as_agreed, quote.shows_all_entities = on, as_agreed, shows_all_entities
        quote.saved_total_net, quote.saved_complete = result.total_net, result.complete
        quote.full_clean()
        set_change_reason(quote, reason)
        quote.save()
        for old in quote.lines.all():
            set_change_reason(old, reason)
            old.delete()
        for position, (request, answer) in enumerate(zip(requests, result.lines, strict=True), start=1):
            line = SavedQuoteLine(quote=quote, position=position, **_stored_request(request), **_stored_answer(answer))
            line.full_clean()
            set_change_reason(line, reason)
            line.save()
    return quote


def _stored_request(request: LineRequest) -> dict[str, Any]:
    return {
        "product": request.product,
        "component": request.component,
        "condition": request.condition,
        "stsx1_cards_added": request.stsx1_cards_added,
        "order_code": request.order_code,
        "list_price": request.list_price,
        "quantity": request.quantity,
        "packet_components": ",".join(c for c in PACKET_COMPONENTS if c in request.packet_components),
        "installed_at_one_time": request.installed_at_one_time,
        "quoted_unit_price": request.quoted_unit_price,
        "comparable_5ess_price": request.comparable_5ess_price,
    }


def _stored_answer(answer: LineResult) -> dict[str, Any]:
    return {
        "saved_outcome": answer.outcome.value,
        "saved_percent": answer.percent,
        "saved_extended_net": answer.extended_net,
        "saved_clause": str(answer.clause) if answer.clause else "",
    }


def request_of(line: SavedQuoteLine) -> LineRequest:
    """The engine's input for a saved line, as the user stated it."""
    return LineRequest(
        product=line.product,
        list_price=line.list_price,
        quantity=line.quantity,
        component=line.component,
        condition=line.condition,
        stsx1_cards_added=line.stsx1_cards_added,
        order_code=line.order_code,
        packet_components=frozenset(c for c in line.packet_components.split(",") if c),
        installed_at_one_time=line.installed_at_one_time,
        quoted_unit_price=line.quoted_unit_price,
        comparable_5ess_price=line.comparable_5ess_price,
    )


@dataclass(frozen=True)
class Reopened:
    """A saved quote priced again: the answer now, and in words what differs from the answer saved."""

    quote: SavedQuote
    lines: tuple[SavedQuoteLine, ...]
    result: QuoteResult
    now: tuple[LineResult | None, ...]  # with an "as agreed on" date: the answer as agreed now, where it differs
    differences: tuple[str, ...]

    @property
    def rows(self) -> list[tuple[LineResult, LineResult | None]]:
        return list(zip(self.result.lines, self.now, strict=True))


def reopen(quote: SavedQuote) -> Reopened:
    """Price the saved inputs again, on the saved dates, and compare with the answer saved."""
    lines = tuple(quote.lines.all())
    result, now = price_quote_compared(
        load_catalog(quote.agreement),
        lines=[request_of(line) for line in lines],
        on=quote.on,
        as_agreed=quote.as_agreed,
        entity=quote.entity,
    )
    return Reopened(quote, lines, result, tuple(now), tuple(_differences(quote, lines, result)))


def _answer_words(percent: Any, net: Any, outcome_words: str, clause: str) -> str:
    amount = f"{percent.normalize():f}% off, net {net}" if percent is not None and net is not None else outcome_words
    if percent is None and net is not None:
        amount = f"net {net}"
    return f"{amount}{f' ({clause})' if clause else ''}"


def _differences(quote: SavedQuote, lines: Sequence[SavedQuoteLine], result: QuoteResult) -> list[str]:
    found = []
    for line, answer in zip(lines, result.lines, strict=True):
        clause = str(answer.clause) if answer.clause else ""
        then = (line.saved_outcome, line.saved_percent, line.saved_extended_net, line.saved_clause)
        if then == (answer.outcome.value, answer.percent, answer.extended_net, clause):
            continue
        was = _answer_words(
            line.saved_percent, line.saved_extended_net, Outcome(line.saved_outcome).words, line.saved_clause
        )
        is_now = _answer_words(answer.percent, answer.extended_net, answer.outcome_words, clause)
        found.append(f"Line {line.position} ({line.product}): when saved, {was}; now, {is_now}.")
    if result.total_net != quote.saved_total_net:
        found.append(f"Net total: {quote.saved_total_net} when saved, {result.total_net} now.")
    return found


def builder_query(quote: SavedQuote, lines: Sequence[SavedQuoteLine]) -> str:
    """The quote page's query string for a saved quote's inputs (opening it in the builder)."""
    params: list[tuple[str, Any]] = [
        ("agreement", quote.agreement.contract_number),
        ("entity", quote.entity.slug),
        ("on", quote.on.isoformat()),
        ("as_agreed", quote.as_agreed.isoformat() if quote.as_agreed else ""),
        ("form-TOTAL_FORMS", len(lines)),
        ("form-INITIAL_FORMS", 0),
        ("saved", quote.pk),
    ]
    if quote.shows_all_entities:
        params.append(("all_entities", "on"))
    for index, line in enumerate(lines):
        for name, value in _stored_request(request_of(line)).items():
            if name == "packet_components":
                params.extend((f"form-{index}-{name}", part) for part in value.split(",") if part)
            elif name == "installed_at_one_time":
                if value:
                    params.append((f"form-{index}-{name}", "on"))
            elif value is not None and value != "":
                params.append((f"form-{index}-{name}", value))
    return urlencode(params)
