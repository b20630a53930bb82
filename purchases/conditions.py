"""What a purchase states besides its product and component, and what the pricing engine reads from it.

A purchase records a condition as the order or invoice names it: one of the discount tables'
(`pricing.choices.Condition`: initial switch, large or peripheral growth, full configuration of an
order code), or one of the two a buyer states that no table row is keyed by, a footnote's case
instead: dedicated hardware and software for PRIs only (A-1.7, 77%) and commons ordered singly.

The engine takes the buyer's statements (`pricing.results.UserCondition`), as a quote line does.
Growth is one statement there: whether it is large or peripheral is decided by the STSX-1 cards
added (seven or more is large), so a purchase's "large" or "peripheral" is kept as written and the
cards decide.
"""

from django.db import models

from pricing.choices import Condition
from pricing.results import UserCondition

_STATED = dict(UserCondition.CHOICES)  # the buyer's statements, in the quote's words


class PurchaseCondition(models.TextChoices):
    INITIAL_SWITCH = Condition.INITIAL_SWITCH.value, Condition.INITIAL_SWITCH.label
    LARGE_GROWTH = Condition.LARGE_GROWTH.value, Condition.LARGE_GROWTH.label
    PERIPHERAL_GROWTH = Condition.PERIPHERAL_GROWTH.value, Condition.PERIPHERAL_GROWTH.label
    FULL_CONFIGURATION = Condition.FULL_CONFIGURATION.value, Condition.FULL_CONFIGURATION.label
    PRI_ONLY = UserCondition.PRI_ONLY, _STATED[UserCondition.PRI_ONLY]
    SINGLE_COMMONS = UserCondition.SINGLE_COMMONS, _STATED[UserCondition.SINGLE_COMMONS]


ENGINE_CONDITION: dict[str, str] = {
    PurchaseCondition.INITIAL_SWITCH: UserCondition.INITIAL_SWITCH,
    PurchaseCondition.LARGE_GROWTH: UserCondition.GROWTH,
    PurchaseCondition.PERIPHERAL_GROWTH: UserCondition.GROWTH,
    PurchaseCondition.FULL_CONFIGURATION: UserCondition.FULL_CONFIGURATION,
    PurchaseCondition.PRI_ONLY: UserCondition.PRI_ONLY,
    PurchaseCondition.SINGLE_COMMONS: UserCondition.SINGLE_COMMONS,
}


def engine_condition(recorded: str) -> str:
    """The engine's condition for a purchase's recorded one ("" for none)."""
    return ENGINE_CONDITION.get(recorded, "")
