"""The warranty period of a product's components on a date, from the terms the amendments state.

A product's own terms (footnotes such as "The Warranty Period for these Products is twelve (12)
months") replace its schedule's default. 7R/E software: twelve months only with a new Packet Solution
whose three elements were installed at the same time; any other 7R/E software three months. Where no
term is stated the answer is "not stated", since the General Agreement's warranty clause is not in
the documents.
"""

from typing import TYPE_CHECKING, cast

from core.pointintime.dates import AsOf
from pricing.choices import Component
from pricing.models import WarrantyTerm
from pricing.results import Clause, LineRequest, Warranty

if TYPE_CHECKING:
    from pricing.catalog import Catalog
    from pricing.models import Product

NOT_STATED = "not stated in the documents"


def warranties_for(catalog: "Catalog", product: "Product", request: LineRequest, as_of: AsOf) -> tuple[Warranty, ...]:
    terms = [w for w in catalog.warranties if as_of.counts(w.amendment) and w.amendment.effective_date <= as_of.on]
    chosen = governing_terms(
        [w for w in terms if w.product_id == product.pk], [w for w in terms if w.schedule_id == product.schedule_id]
    )
    wanted = _components(request.component)
    result: list[Warranty] = []
    for component in wanted:
        matching = [w for w in chosen if w.component in (component, "")]
        matching = _by_condition(matching, request)
        if not matching:
            result.append(Warranty(_label(component, wanted), NOT_STATED, None, ""))
            continue
        for term in matching:
            label = _label(component, wanted) if term.component else ""
            result.append(Warranty(label, _period(term, request), _clause(term), term.text))
    return tuple(dict.fromkeys(result))


def governing_terms(own: list[WarrantyTerm], schedule_defaults: list[WarrantyTerm]) -> list[WarrantyTerm]:
    """A product's own warranty terms replace its schedule's default; without them the default governs."""
    return own or schedule_defaults


def _components(component: str) -> tuple[str, ...]:
    """Which warranty parts a line needs: software alone, or hardware (cards, shelves, cables...)."""
    if component == Component.SOFTWARE:
        return (Component.SOFTWARE,)
    if component in ("", Component.HARDWARE_AND_SOFTWARE):
        return (Component.HARDWARE, Component.SOFTWARE)
    return (Component.HARDWARE,)


def _label(component: str, wanted: tuple[str, ...]) -> str:
    return Component(component).label if len(wanted) > 1 or component == Component.SOFTWARE else ""


def _by_condition(terms: list[WarrantyTerm], request: LineRequest) -> list[WarrantyTerm]:
    """7R/E software: the Packet Solution term or the 'any other software' term, never both."""
    kinds = {w.condition_kind for w in terms}
    if WarrantyTerm.ConditionKind.NEW_PACKET_SOLUTION not in kinds:
        return terms
    keep = (
        WarrantyTerm.ConditionKind.NEW_PACKET_SOLUTION
        if request.is_packet_solution
        else WarrantyTerm.ConditionKind.OTHER_SOFTWARE
    )
    return [w for w in terms if w.condition_kind in ("", keep)]


def _period(term: WarrantyTerm, request: LineRequest) -> str:
    period = term.period_label
    if term.condition_kind == WarrantyTerm.ConditionKind.NEW_PACKET_SOLUTION:
        return f"{period} (new 7R/E Packet Solution, all three elements installed at the same time)"
    if term.condition_kind == WarrantyTerm.ConditionKind.OTHER_SOFTWARE:
        return f"{period} (not a new Packet Solution installed at once: any other 7R/E software)"
    if term.condition:
        return f"{period} ({term.condition[0].lower()}{term.condition[1:]})"
    return period


def _clause(term: WarrantyTerm) -> Clause:
    # A term names a schedule (its default) or a product, never neither (warranty_schedule_or_product).
    if term.schedule is not None:
        schedule = term.schedule.section
    else:
        schedule = cast("Product", term.product).schedule.section
    return Clause(
        amendment_number=term.amendment.number,
        amendment_date=term.amendment.effective_date,
        amendment_section=term.amendment_section,
        schedule_section=schedule,
        text_ref="warranty",
    )
