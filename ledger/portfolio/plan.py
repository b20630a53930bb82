"""One generated agreement as unsaved model instances, in the order they must be written.

A plan is pure: it reads nothing from the database and depends only on (seed, index), through one
`random.Random` per agreement, so agreement 42 of seed 1 is the same whatever else is generated with it.
Related instances point at each other directly (`amendment=...`); the writer saves parents first, so
by the time a child is written its parent has a primary key.
"""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from django.db.models import Model

from contracts.models import LegalEntity
from contracts.names import NormalizedNameModel, normalize_name

M = TypeVar("M", bound=Model)

# The order a batch is written in: parents before children. Entities are written in two steps because
# an entity's parent is an entity too.
STEPS = (
    "entity_parents",
    "entities",
    "entity_names",
    "agreements",
    "amendments",
    "signatures",
    "memberships",
    "term_versions",
    "provisions",
    "provision_versions",
    "schedules",
    "products",
    "product_names",
    "tables",
    "rules",
    "lines",
    "warranties",
    "release_schedules",
    "product_lines",
    "release_groups",
    "releases",
    "revisions",
    "remedies",
)

# History of the portfolio is recorded from here on, agreement after agreement, and edits stop at
# RECORDED_UNTIL: fixed, so a seed gives the same history dates on every run, all in the past.
RECORDED_FROM = datetime.fromisoformat("2024-01-08T09:00:00+00:00")
RECORDED_UNTIL = datetime.fromisoformat("2026-01-08T09:00:00+00:00")
RECORDING_SPACING = timedelta(hours=4)
AGREEMENTS_PER_CYCLE = 2500  # agreement 2500 is recorded from RECORDED_FROM again (a minute later)


@dataclass
class Edit:
    """A change to one record after it was created: what its fields were, what they became, why, when."""

    obj: Model
    before: dict[str, Any]
    after: dict[str, Any]
    reason: str
    when: datetime


@dataclass
class Plan:
    index: int
    contract_number: str
    recorded_from: datetime
    rows: dict[str, list[Model]] = field(default_factory=lambda: {step: [] for step in STEPS})
    edits: list[Edit] = field(default_factory=list)


class PlanBuilder:
    """What every part of an agreement's plan shares: the random source, the run's tag and the clock."""

    def __init__(self, *, seed: int, index: int, seller: LegalEntity | None):
        self.seed = seed
        self.index = index
        self.tag = f"p{seed}-{index:05d}"
        self.rng = random.Random(f"ledgerline-portfolio:{seed}:{index}")  # noqa: S311 - test data, not security
        self.seller = seller
        self._clock = 0
        self.plan: Plan  # set by the agreement builder once the contract number is known

    def add(self, step: str, obj: M) -> M:
        """Queue `obj` for writing; its creation is recorded a second after the previous record's."""
        self._clock += 1
        if isinstance(obj, NormalizedNameModel):  # save() would set it; bulk inserts do not call save()
            obj.normalized_name = normalize_name(obj.name)
        obj._history_date = self.plan.recorded_from + timedelta(seconds=self._clock)  # type: ignore[attr-defined]
        obj._change_reason = f"generate_portfolio --seed {self.seed}: {self.plan.contract_number}"  # type: ignore[attr-defined]
        self.plan.rows[step].append(obj)
        return obj

    def chance(self, probability: float) -> bool:
        return self.rng.random() < probability

    def days_after(self, start: date, low: int, high: int) -> date:
        return start + timedelta(days=self.rng.randint(low, high))


def recorded_from(index: int) -> datetime:
    cycle, place = divmod(index, AGREEMENTS_PER_CYCLE)
    return RECORDED_FROM + place * RECORDING_SPACING + timedelta(minutes=cycle)
