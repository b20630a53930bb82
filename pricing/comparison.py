"""A price comparison exhibit recomputed from its parts, and the findings an auditor should see.

Rules (one place; the page and the tests ask here):
- A line's reduction is `(new - old) / old × 100`, in Decimal, rounded to 2 places ROUND_HALF_UP (the
  exhibit prints percentages with 2 places). Unknown when either price is unknown or the old is 0.
- A subtotal sums the *lines* printed since the previous subtotal or total (or the top). A total sums
  the subtotals since the previous total, plus the lines none of them covers. So Exhibit C's Grand
  Total is Subtotal + Switching Machine. A sum adds the figures its parts *print* (each level is
  checked on its own); a sum with any unknown part is unknown (unknown is not zero).
- A printed amount matches a computed one when the computed amount, rounded ROUND_HALF_UP to the
  printed precision (whole dollars, or cents when printed), is equal.
- A line whose item names a percentage ("Shipping (5%)") is that percentage of the lines printed above
  it in its block. When a column matches only with one line left out, that column has a different
  basis; when the two columns have different bases the line is a finding (with the numbers).
- A minimum-savings commitment (a `DiscountRule` of kind `minimum_savings`, A-1.26) is checked against
  the comparison's total, and against each line whose footnote states the commitment.

Pure calculation over the rows given; `check_comparison` only reads.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from pricing.choices import RuleKind
from pricing.models import DiscountRule, PriceComparison, PriceComparisonRow

HUNDRED = Decimal(100)
PERCENT_PLACES = Decimal("0.01")
_PERCENT_IN_ITEM = re.compile(r"\((\d+(?:\.\d+)?)\s*%\)")


@dataclass(frozen=True)
class Finding:
    """Something in the exhibit an auditor should look at; `code` is stable across loads."""

    code: str
    kind: str  # "arithmetic", "basis" or "commitment"
    row_key: str
    message: str
    numbers: tuple[tuple[str, Decimal | None], ...]


@dataclass(frozen=True)
class CheckedRow:
    row: PriceComparisonRow
    covers: tuple[str, ...]  # the items a subtotal or total sums; empty for a line
    old: Decimal | None  # recomputed (sums only; a line's own figure otherwise)
    new: Decimal | None
    reduction: Decimal | None

    @property
    def old_differs(self) -> bool:
        return bool(self.covers) and _differs(self.row.old, self.old)

    @property
    def new_differs(self) -> bool:
        return bool(self.covers) and _differs(self.row.new, self.new)

    @property
    def reduction_differs(self) -> bool:
        return _differs(self.row.reduction_percent, self.reduction)


@dataclass(frozen=True)
class CommitmentCheck:
    rule_text_ref: str
    minimum_percent: Decimal
    scope: str  # the row's item
    savings_percent: Decimal | None  # unknown when the reduction is

    @property
    def met(self) -> bool | None:
        return None if self.savings_percent is None else self.savings_percent >= self.minimum_percent


@dataclass(frozen=True)
class ComparisonCheck:
    rows: tuple[CheckedRow, ...]
    commitments: tuple[CommitmentCheck, ...]
    findings: tuple[Finding, ...]


def reduction_percent(old: Decimal | None, new: Decimal | None, *, basis: Decimal | None = None) -> Decimal | None:
    """`(new - old) / basis × 100` rounded to 2 places ROUND_HALF_UP; the basis is the old price unless given."""
    basis = old if basis is None else basis
    if old is None or new is None or not basis:
        return None
    return ((new - old) / basis * HUNDRED).quantize(PERCENT_PLACES, rounding=ROUND_HALF_UP)


def matches(printed: Decimal | None, computed: Decimal | None) -> bool:
    if printed is None or computed is None:
        return False
    places = Decimal(1) if printed == printed.to_integral_value() else PERCENT_PLACES
    return computed.quantize(places, rounding=ROUND_HALF_UP) == printed.quantize(places)


def _differs(printed: Decimal | None, computed: Decimal | None) -> bool:
    """Both known and not equal; an unknown is not a mismatch (it is shown as unknown)."""
    return printed is not None and computed is not None and not matches(printed, computed)


def _sum(values: Sequence[Decimal | None]) -> Decimal | None:
    if not values or any(v is None for v in values):
        return None
    return sum((v for v in values if v is not None), Decimal(0))


def check_comparison(comparison: PriceComparison) -> ComparisonCheck:
    """The comparison's rows recomputed, with its findings and the agreement's minimum-savings rules."""
    rows = list(comparison.rows.order_by("position", "key"))
    rules = DiscountRule.objects.filter(
        kind=RuleKind.MINIMUM_SAVINGS, table__schedule__agreement_id=comparison.amendment.agreement_id
    ).order_by("table_id", "position")
    footnotes = dict(_footnote(line) for line in comparison.footnotes.split("\n") if line)
    return recompute(rows, list(rules), exhibit=comparison.exhibit, footnotes=footnotes)


def _footnote(line: str) -> tuple[str, str]:
    mark, _, rest = line.partition(" ")
    return mark, rest


def recompute(
    rows: Sequence[PriceComparisonRow],
    rules: Sequence[DiscountRule],
    *,
    exhibit: str,
    footnotes: dict[str, str] | None = None,
) -> ComparisonCheck:
    prefix = f"exhibit-{exhibit.lower()}"
    checked = _checked_rows(rows)
    findings: list[Finding] = []
    for result in checked:
        findings += _arithmetic_findings(result, prefix)
    findings += _percentage_line_findings(checked, prefix)
    commitments = _commitments(checked, rules, footnotes or {})
    for check in commitments:
        if check.met is False:
            findings.append(
                Finding(
                    code=f"{prefix}/minimum-savings/{_key_of(checked, check.scope)}",
                    kind="commitment",
                    row_key=_key_of(checked, check.scope),
                    message=(
                        f"{check.scope}: savings of {check.savings_percent}% are below the minimum "
                        f"{check.minimum_percent}% savings committed in {check.rule_text_ref}."
                    ),
                    numbers=(
                        ("savings %", check.savings_percent),
                        ("minimum %", check.minimum_percent),
                        ("short by (points)", check.minimum_percent - (check.savings_percent or Decimal(0))),
                    ),
                )
            )
    return ComparisonCheck(tuple(checked), tuple(commitments), tuple(findings))


def _key_of(checked: Sequence[CheckedRow], item: str) -> str:
    return next(c.row.key for c in checked if c.row.item == item)


def _checked_rows(rows: Sequence[PriceComparisonRow]) -> list[CheckedRow]:
    checked: list[CheckedRow] = []
    block_lines: list[PriceComparisonRow] = []  # lines since the last subtotal or total
    total_parts: list[PriceComparisonRow] = []  # subtotals and uncovered lines since the last total
    for row in rows:
        covers: tuple[str, ...]
        if row.kind == PriceComparisonRow.Kind.LINE:
            block_lines.append(row)
            total_parts.append(row)
            old, new, covers = row.old, row.new, ()
        else:
            parts = block_lines if row.kind == PriceComparisonRow.Kind.SUBTOTAL else total_parts
            old, new = _sum([p.old for p in parts]), _sum([p.new for p in parts])
            covers = tuple(p.item for p in parts)
            if row.kind == PriceComparisonRow.Kind.SUBTOTAL:
                total_parts = [p for p in total_parts if p not in block_lines] + [row]
            else:
                total_parts = []
            block_lines = []
        checked.append(CheckedRow(row, covers, old, new, reduction_percent(old, new)))
    return checked


def _arithmetic_findings(result: CheckedRow, prefix: str) -> list[Finding]:
    row = result.row
    found = []
    for name, printed, computed, differs in (
        ("old", row.old, result.old, result.old_differs),
        ("new", row.new, result.new, result.new_differs),
    ):
        if differs and printed is not None and computed is not None:
            found.append(
                Finding(
                    code=f"{prefix}/{row.key}/{name}",
                    kind="arithmetic",
                    row_key=row.key,
                    message=f"{row.item}: the printed {name} figure is not the sum of {', '.join(result.covers)}.",
                    numbers=(("printed", printed), ("recomputed", computed), ("difference", printed - computed)),
                )
            )
    if result.reduction_differs and row.reduction_percent is not None and result.reduction is not None:
        numbers: tuple[tuple[str, Decimal | None], ...] = (
            ("printed %", row.reduction_percent),
            ("recomputed on the old price %", result.reduction),
            ("difference (points)", row.reduction_percent - result.reduction),
        )
        on_new = reduction_percent(result.old, result.new, basis=result.new)
        if matches(row.reduction_percent, on_new):
            found.append(
                Finding(
                    code=f"{prefix}/{row.key}/reduction-basis",
                    kind="basis",
                    row_key=row.key,
                    message=f"{row.item}: the printed reduction is computed on the new price, not the old.",
                    numbers=(*numbers, ("recomputed on the new price %", on_new)),
                )
            )
        else:
            found.append(
                Finding(
                    code=f"{prefix}/{row.key}/reduction",
                    kind="arithmetic",
                    row_key=row.key,
                    message=f"{row.item}: the printed reduction does not follow from the old and new prices.",
                    numbers=numbers,
                )
            )
    return found


def _percentage_line_findings(checked: Sequence[CheckedRow], prefix: str) -> list[Finding]:
    found = []
    above: list[PriceComparisonRow] = []
    for result in checked:
        row = result.row
        if row.kind != PriceComparisonRow.Kind.LINE:
            above = []
            continue
        match = _PERCENT_IN_ITEM.search(row.item)
        if match and above:
            share = Decimal(match.group(1)) / HUNDRED
            finding = _basis_finding(row, above, share, prefix)
            if finding:
                found.append(finding)
        above.append(row)
    return found


def _basis(printed: Decimal | None, values: list[Decimal | None], items: list[str], share: Decimal):
    """(left-out item or "", base) for the base that gives the printed amount; None when none does."""
    base = _sum(values)
    if base is not None and matches(printed, base * share):
        return "", base
    for index, item in enumerate(items):
        rest = _sum(values[:index] + values[index + 1 :])
        if rest is not None and matches(printed, rest * share):
            return item, rest
    return None


def _basis_finding(row, above, share, prefix) -> Finding | None:
    items = [r.item for r in above]
    old_basis = _basis(row.old, [r.old for r in above], items, share)
    new_basis = _basis(row.new, [r.new for r in above], items, share)
    if old_basis is None or new_basis is None or old_basis[0] == new_basis[0]:
        return None
    all_new = _sum([r.new for r in above])
    on_old_basis = None if all_new is None else all_new * share

    def without(left_out: str) -> str:
        return f"without {left_out}" if left_out else "of every line above"

    percent = (share * HUNDRED).normalize()
    return Finding(
        code=f"{prefix}/{row.key}/basis",
        kind="basis",
        row_key=row.key,
        message=(
            f"{row.item}: the old column is {percent}% {without(old_basis[0])}; "
            f"the new column is {percent}% {without(new_basis[0])}."
        ),
        numbers=(
            ("old printed", row.old),
            ("old base", old_basis[1]),
            (f"old: {percent}% of its base", old_basis[1] * share),
            ("new printed", row.new),
            ("new base", new_basis[1]),
            (f"new: {percent}% of its base", new_basis[1] * share),
            (f"new on the old column's basis ({percent}% of every line above)", on_old_basis),
            (
                "difference (new printed − new on the old basis)",
                None if on_old_basis is None else row.new - on_old_basis,
            ),
        ),
    )


def _commitments(checked, rules, footnotes) -> list[CommitmentCheck]:
    if not checked:
        return []
    totals = [c for c in checked if c.row.kind == PriceComparisonRow.Kind.TOTAL]
    scopes = [totals[-1] if totals else checked[-1]]
    # A line whose footnote restates the commitment ("minimum twenty percent (20%) price savings").
    for result in checked:
        texts = [footnotes.get(mark, "") for mark in result.row.footnote_marks]
        if any("minimum" in text.lower() and "savings" in text.lower() for text in texts):
            scopes.append(result)
    checks = []
    for rule in rules:
        if rule.percent is None:
            continue
        for scope in scopes:
            reduction = scope.reduction if scope.reduction is not None else scope.row.reduction_percent
            checks.append(
                CommitmentCheck(rule.text_ref, rule.percent, scope.row.item, None if reduction is None else -reduction)
            )
    return checks
