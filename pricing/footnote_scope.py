"""Footnotes whose reach the documents leave open, said wherever a user meets them.

DECISIONS.md 2026-11-26 ("Footnote scope"): whether a table's footnotes (Amendment 2's "hardware only
unless otherwise specified; cables 20%" on A-1.15) cover the products a later amendment *added to that
table* (Amendment 3's Access Products) is genuinely open. The engine does not apply them: a line's rules
are its own table's (`pricing.selection`). This module finds each such case, so the product page and
every quote line for those products say so, citing both clauses.
"""

from collections.abc import Iterable
from typing import Any

from pricing.choices import RuleKind, TableAction
from pricing.in_force import table_order
from pricing.results import Clause

# The footnote kinds that change a line's own discount; the others (exclusions, firm quotations) are
# about the table as a whole.
_LINE_FOOTNOTES = (RuleKind.COMPONENT_DEFAULT, RuleKind.CABLES_PERCENT)


def footnotes_not_applied(product: Any, line_tables: Iterable[Any], schedule_tables: Iterable[Any]) -> list[str]:
    """A sentence per footnote of an earlier table of the schedule that a table extending it (and
    printing `product`'s lines) does not repeat: not applied, and the question is open."""
    schedule_tables = list(schedule_tables)
    notes = []
    for added_by in sorted({t for t in line_tables if t.action == TableAction.EXTEND}, key=table_order):
        own_kinds = {rule.kind for rule in added_by.rules.all()}
        for earlier in schedule_tables:
            if earlier.action == TableAction.EXTEND or table_order(earlier) >= table_order(added_by):
                continue
            for rule in earlier.rules.all():
                if rule.kind in _LINE_FOOTNOTES and rule.kind not in own_kinds:
                    notes.append(
                        f"Not applied: {Clause.of_table(earlier, f'footnote {rule.text_ref}'.strip())} "
                        f"(“{rule.text}”). {product} was added to that table by {Clause.of_table(added_by)}; "
                        "the documents do not say whether the footnote covers products added later, so it is "
                        "not applied (an open question, recorded as a product decision)."
                    )
    return notes
