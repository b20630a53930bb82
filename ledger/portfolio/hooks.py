"""Rows of the apps above the ledger (purchases, obligations) for a generated portfolio, through a hook.

The ledger may not import those apps (import-linter layers), so, as with `attention`, an app names a
module in its AppConfig (`portfolio = "purchases.portfolio"`) and the generator imports it by name.
The module provides

    def portfolio_pending(agreements: QuerySet[Agreement]) -> QuerySet[Agreement]
        those of `agreements` that have none of the app's generated rows yet;
    def portfolio_rows(agreements: Sequence[Agreement], *, seed: int, user) -> AppRows
        the app's rows for `agreements` (unsaved, parents first) and the edits made to them later.

Rows depend only on the seed and on what each agreement holds (read by natural keys, never by id), so the
same seed gives the same rows in any database, whether they are generated with the agreements or added
later to a portfolio generated before the app existed (`add_app_rows`). The writer is the portfolio's
own (`ledger.portfolio.writer.write_rows`): bulk inserts, history by edits, then the hash chain.
"""

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from importlib import import_module
from types import ModuleType

from django.apps import apps
from django.db import transaction
from django.db.models import Model, QuerySet

from contracts.models import Agreement
from ledger.portfolio.plan import Edit
from ledger.portfolio.writer import link_history_chain, write_rows

BATCH = 25


@dataclass
class AppRows:
    """One app's rows for some agreements: `batches` of one model each, parents first, and later edits."""

    batches: list[list[Model]] = field(default_factory=list)
    edits: list[Edit] = field(default_factory=list)


def recorded_from(agreement: Agreement, start: datetime) -> datetime:
    """When an app's rows for `agreement` are recorded: from `start`, a minute per generated agreement's
    index (its contract number's last part; the seed agreement's is 0), so history dates depend on no id."""
    tail = agreement.contract_number.rsplit("-", 1)[-1]
    return start + timedelta(minutes=int(tail) if tail.isdigit() else 0)


def hook_modules() -> list[ModuleType]:
    """The modules installed apps name in their AppConfig's `portfolio`, in INSTALLED_APPS order."""
    names = (getattr(config, "portfolio", "") for config in apps.get_app_configs())
    return [import_module(name) for name in names if name]


def pending(agreements: QuerySet[Agreement]) -> dict[str, int]:
    """How many of `agreements` still lack each app's rows (by hook module name)."""
    return {module.__name__: module.portfolio_pending(agreements).count() for module in hook_modules()}


def write_app_rows(
    agreements: Sequence[Agreement], *, seed: int, user=None, modules: list[ModuleType] | None = None
) -> tuple[Counter, Counter]:
    """Every app's rows for `agreements` (all of them pending), written; the caller links the chain."""
    rows: Counter = Counter()
    history: Counter = Counter()
    for module in hook_modules() if modules is None else modules:
        planned = module.portfolio_rows(agreements, seed=seed, user=user)
        written, histories = write_rows(planned.batches, planned.edits, user=user)
        rows.update(written)
        history.update(histories)
    return rows, history


def add_app_rows(
    agreements: QuerySet[Agreement],
    *,
    seed: int,
    user=None,
    progress: Callable[[Counter, Counter], None] | None = None,
) -> tuple[Counter, Counter]:
    """Add each app's rows to those of `agreements` that have none yet, all or nothing; (rows, history)."""
    rows: Counter = Counter()
    history: Counter = Counter()
    with transaction.atomic():
        for module in hook_modules():
            todo = list(module.portfolio_pending(agreements).order_by("pk"))
            for start in range(0, len(todo), BATCH):
                written, histories = write_app_rows(todo[start : start + BATCH], seed=seed, user=user, modules=[module])
                rows.update(written)
                history.update(histories)
                if progress is not None:
                    progress(rows, history)
        link_history_chain()
    return rows, history
