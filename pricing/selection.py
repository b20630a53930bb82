"""Which printed line or footnote rule gives a product's discount, given the buyer's conditions.

This is where the footnotes' meaning lives (their numbers come from the data file):
- `cables_percent`: cables used in the systems of the table get that percent off List Price;
- `component_default`: a row naming no component is for that component only (hardware);
- `order_code_only` / `single_commons_percent`: the full-configuration row applies only to that order
  code in its full configuration; commons ordered singly get the other percent;
- `growth_definition`: growth of at least N STSX-1 cards is Large Growth, any other is Peripheral;
- `pri_only_percent`: dedicated hardware and software for PRIs only get that percent.
A line without a number is reported as such and never priced as 0%; a printed 0% is a real zero.
"""

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TYPE_CHECKING, cast

from pricing.choices import Component, Condition, RuleKind
from pricing.results import Clause, LineRequest, Outcome, UserCondition

if TYPE_CHECKING:  # the engine reads rows loaded by pricing.catalog; it never imports the models
    from pricing.models import DiscountLine, DiscountRule, DiscountTable

    Rules = dict[str, DiscountRule]  # a table's footnote rules by kind

_GROWTH = {Condition.INITIAL_SWITCH, Condition.LARGE_GROWTH, Condition.PERIPHERAL_GROWTH}
_PHYSICAL = {Component.HARDWARE, Component.SOFTWARE}


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    percent: Decimal | None = None
    rule: str = ""
    clause: Clause | None = None
    component: str = ""
    warnings: tuple[str, ...] = ()
    quoted_unit_price: Decimal | None = None


def choose_discount(lines: "list[DiscountLine]", request: LineRequest) -> Decision:
    """`lines`: the product's prevailing lines in force on the date (one per component/condition)."""
    rules = _rules_of(lines)
    if request.component == Component.CABLES:
        return _cables(rules, lines)
    if request.condition == UserCondition.PRI_ONLY:
        return _pri_only(rules)
    if any(line.condition in _GROWTH for line in lines):
        return _growth(lines, rules, request)
    if any(line.condition == Condition.FULL_CONFIGURATION for line in lines):
        return _full_configuration(lines, rules, request)
    warnings: tuple[str, ...] = ()
    if request.condition:
        label = dict(UserCondition.CHOICES).get(request.condition, request.condition)
        warnings = (f"Condition '{label}' does not apply to this product; ignored.",)
    decision = _by_component(lines, rules, request.component)
    return replace(decision, warnings=warnings + decision.warnings)


def _rules_of(lines: "list[DiscountLine]") -> "Rules":
    rules: dict[str, DiscountRule] = {}
    for table in {line.table for line in lines}:
        for rule in table.rules.all():
            rules.setdefault(rule.kind, rule)
    return rules


def _clause(table: "DiscountTable", text_ref: str = "") -> Clause:
    return Clause.of_table(table, text_ref)


def from_line(line: "DiscountLine", rule: str = "row", extra: tuple[str, ...] = ()) -> Decision:
    marks = f"row {line.product_as_written!r}" + (f" {line.footnotes}" if line.footnotes else "")
    clause = _clause(line.table, marks)
    if line.percent is None:
        return Decision(
            Outcome.NO_NUMBER,
            rule=rule,
            clause=clause,
            component=line.component,
            warnings=(
                f"No discount number: the row reads {line.no_number_reason!r}, which the documents do not "
                "contain; not priced (this is not 0%).",
                *extra,
            ),
        )
    return Decision(Outcome.PRICED, line.percent, rule, clause, line.component, tuple(extra))


def _from_rule(rule: "DiscountRule", component: str = "", extra: tuple[str, ...] = ()) -> Decision:
    return Decision(
        Outcome.PRICED,
        rule.percent,
        rule.kind,
        _clause(rule.table, f"footnote {rule.text_ref}".strip()),
        component,
        (f"{rule.get_kind_display()}: {rule.text}", *extra),
    )


def _cables(rules: "Rules", lines: "list[DiscountLine]") -> Decision:
    rule = rules.get(RuleKind.CABLES_PERCENT)
    if rule is None:
        return Decision(
            Outcome.NOT_APPLICABLE,
            warnings=("No discount for cables is stated for this product's table.",),
        )
    return _from_rule(rule, Component.CABLES)


def _pri_only(rules: "Rules") -> Decision:
    rule = rules.get(RuleKind.PRI_ONLY_PERCENT)
    if rule is None:
        return Decision(Outcome.NOT_APPLICABLE, warnings=("A PRI-only rate is not stated for this product's table.",))
    return _from_rule(rule, Component.HARDWARE_AND_SOFTWARE)


def _growth(lines: "list[DiscountLine]", rules: "Rules", request: LineRequest) -> Decision:
    by_condition = {line.condition: line for line in lines}
    rule = rules.get(RuleKind.GROWTH_DEFINITION)
    minimum = (rule.parameters or {}).get("large_growth_min_stsx1_cards") if rule else None
    if request.condition == UserCondition.INITIAL_SWITCH:
        return from_line(by_condition[Condition.INITIAL_SWITCH])
    if request.condition != UserCondition.GROWTH:
        return Decision(
            Outcome.NEEDS_INPUT,
            warnings=(
                "Choose the purchase: initial switch, growth (with the number of STSX-1 cards added), or "
                "dedicated hardware and software for PRIs only.",
            ),
        )
    if minimum is None:
        return Decision(
            Outcome.NEEDS_INPUT, warnings=("The table's growth definition (STSX-1 cards) is not recorded.",)
        )
    if request.stsx1_cards_added is None:
        return Decision(
            Outcome.NEEDS_INPUT,
            warnings=(f"Growth: enter the number of STSX-1 cards added (Large Growth needs at least {minimum}).",),
        )
    large = request.stsx1_cards_added >= int(minimum)
    line = by_condition[Condition.LARGE_GROWTH if large else Condition.PERIPHERAL_GROWTH]
    kind = "Large Growth" if large else "Peripheral Growth"
    why = (
        f"{request.stsx1_cards_added} STSX-1 card(s) added: {kind} "
        f"(Large Growth is the addition of {minimum} or more STSX-1 cards; any other growth is Peripheral)."
    )
    return from_line(line, rule=RuleKind.GROWTH_DEFINITION, extra=(why,))


def _full_configuration(lines: "list[DiscountLine]", rules: "Rules", request: LineRequest) -> Decision:
    full = next(line for line in lines if line.condition == Condition.FULL_CONFIGURATION)
    only = rules.get(RuleKind.ORDER_CODE_ONLY)
    singly = rules.get(RuleKind.SINGLE_COMMONS_PERCENT)
    order_code = only.order_code if only else full.order_code
    if request.condition == UserCondition.FULL_CONFIGURATION:
        if request.order_code and _code(request.order_code) != _code(order_code):
            return Decision(
                Outcome.NOT_APPLICABLE,
                warnings=(f"The {full.percent_label} discount applies only to order code {order_code}.",),
            )
        return from_line(full, rule=RuleKind.ORDER_CODE_ONLY, extra=(f"Order code {order_code}, full configuration.",))
    wants_commons = request.condition == UserCondition.SINGLE_COMMONS or request.component == Component.COMMONS
    if wants_commons and singly is not None:
        return _from_rule(singly, Component.COMMONS)
    why = (
        f"The {full.percent_label} discount applies only to order code {order_code} in its full "
        "configuration (dual bay, two complete OC-48 systems and commons for one shelf)"
    )
    if singly is not None:
        # A single-commons rule is a percent by its kind (the data file gives it one).
        percent = cast(Decimal, singly.percent)
        why += f"; commons ordered singly get {percent.normalize():f}%"
    return Decision(Outcome.NEEDS_INPUT, warnings=(f"{why}. Choose 'full configuration' or 'commons ordered singly'.",))


def _code(text: str) -> str:
    return "".join(text.split()).upper()


def _by_component(lines: "list[DiscountLine]", rules: "Rules", component: str) -> Decision:
    plain = [line for line in lines if not line.condition]
    if not component:
        if len(plain) == 1:
            return from_line(plain[0])
        offered = ", ".join(sorted(Component(line.component).label for line in plain if line.component))
        return Decision(Outcome.NEEDS_INPUT, warnings=(f"Choose a component: {offered}.",))
    for candidates in (
        [line for line in plain if line.component == component],
        [line for line in plain if component in _PHYSICAL and line.component == Component.HARDWARE_AND_SOFTWARE],
        [line for line in plain if not line.component],
    ):
        if candidates:
            return from_line(candidates[0])
    offered = ", ".join(sorted(Component(line.component).label.lower() for line in plain if line.component))
    why = [f"No discount for {Component(component).label.lower()} of this product; the table lists: {offered}."]
    default = rules.get(RuleKind.COMPONENT_DEFAULT)
    if default is not None:
        why.append(f"Footnote {default.text_ref}: {default.text}")
    return Decision(Outcome.NOT_APPLICABLE, warnings=tuple(why))
