"""A generated portfolio: many agreements of the seed's shape, for the scale benchmarks and tests.

`generate_portfolio(agreements=1000, seed=1)` adds agreements shaped like the seed (about ten amendments,
twenty Customers, the Term, provisions, five discount schedules with ~200 overlapping, retroactive and
superseding lines, an Exhibit B of ~50 releases with forecast revisions and remedies), the rows of the
apps above the ledger that name a `portfolio` hook (purchases; training incentives, commitments and seat
uses: `ledger.portfolio.hooks`), and their history, built by edits: a "created" row per record and
"changed" rows with reasons. Everything depends only on the seed: the same seed gives the same keys and
values (and history dates) in any database.

It is bulk-inserted (`ledger.portfolio.writer`): 1,000 agreements take minutes on SQLite. It reads
nothing of the seed agreement; load it first (`load_agreement data/kmc_lucent.yaml`) to ask about it
among the portfolio. The Seller is the seed's Lucent entity when it is loaded. A portfolio generated before
an app had its hook gets that app's rows with `add_app_rows` (`generate_portfolio --add-app-rows`).
"""

import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import cast

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from contracts.models import Agreement, LegalEntity
from ledger.portfolio.contracts_plan import build_contracts
from ledger.portfolio.edits import plan_edits
from ledger.portfolio.hooks import add_app_rows, write_app_rows
from ledger.portfolio.plan import Plan, PlanBuilder
from ledger.portfolio.pricing_plan import PricingPlan
from ledger.portfolio.releases_plan import build_releases
from ledger.portfolio.vocabulary import SELLER
from ledger.portfolio.writer import link_history_chain, write_plans

# About 730 records and 970 history rows per agreement, purchases and obligations included: 1,000 agreements
# give ~970k history rows.
DEFAULT_EDITS_PER_RECORD = 0.4
BATCH = 25
SEED_SELLER = "lucent"


@dataclass
class PortfolioReport:
    seed: int
    contract_numbers: list[str] = field(default_factory=list)
    rows: Counter = field(default_factory=Counter)
    history_rows: Counter = field(default_factory=Counter)
    seconds: float = 0.0

    def summary(self) -> str:
        agreements = f"{len(self.contract_numbers)} agreements" if self.contract_numbers else "rows"
        return (
            f"{agreements} (seed {self.seed}): {sum(self.rows.values()):,} records, "
            f"{sum(self.history_rows.values()):,} history rows in {self.seconds:.1f} s"
        )


class PortfolioError(ValueError):
    """Nothing was written: the seed's portfolio is there already, or a generated record is invalid."""


def build_plan(*, seed: int, index: int, seller: LegalEntity, edits_per_record: float) -> Plan:
    """Agreement `index` of `seed`, as unsaved instances and edits. Reads nothing from the database."""
    builder = PlanBuilder(seed=seed, index=index, seller=seller)
    contracts = build_contracts(builder)
    PricingPlan(builder, contracts).build()
    build_releases(builder, contracts)
    plan_edits(builder, builder.plan, edits_per_record)
    return builder.plan


def generate_portfolio(
    *,
    agreements: int = 1000,
    seed: int = 1,
    edits_per_record: float = DEFAULT_EDITS_PER_RECORD,
    user=None,
    progress: Callable[[PortfolioReport], None] | None = None,
    app_rows: bool = True,
) -> PortfolioReport:
    """Add `agreements` generated agreements and their history, all or nothing.

    `app_rows=False` leaves out the rows of the apps' hooks (as a portfolio generated before them).
    """
    started = time.perf_counter()
    report = PortfolioReport(seed)
    with transaction.atomic():
        if Agreement.objects.filter(contract_number__endswith=f"MP-P{seed}-00000").exists():
            raise PortfolioError(f"The portfolio of seed {seed} is already in this database; choose another --seed.")
        seller = _seller(seed, user)
        for start in range(0, agreements, BATCH):
            plans = [
                build_plan(seed=seed, index=index, seller=seller, edits_per_record=edits_per_record)
                for index in range(start, min(agreements, start + BATCH))
            ]
            rows, history = write_plans(plans, user=user)
            if start == 0:
                _refresh_statistics(rows)
            if app_rows:
                agreements_written = [cast(Agreement, plan.rows["agreements"][0]) for plan in plans]
                hooked, hooked_history = write_app_rows(agreements_written, seed=seed, user=user)
                rows.update(hooked)
                history.update(hooked_history)
            report.contract_numbers += [plan.contract_number for plan in plans]
            report.rows.update(rows)
            report.history_rows.update(history)
            report.seconds = time.perf_counter() - started
            if progress is not None:
                progress(report)
        link_history_chain()
        # The rules of `clean()` and the constraints, checked on the last batch before committing.
        problems = sample_problems(report.rows)
        if problems:
            raise PortfolioError("Generated records the app would refuse:\n" + "\n".join(problems[:20]))
    report.seconds = time.perf_counter() - started
    return report


def _refresh_statistics(labels: Iterable[str]) -> None:
    """PostgreSQL: re-read the statistics of the tables the first batch wrote, inside the transaction
    (ANALYZE sees its own rows), before the apps' hooks read them. Statistics taken while a table was
    empty (autovacuum after a rolled-back load, a new database) make the planner nest loops over
    thousands of rows, which took minutes; later batches only grow tables already known to be large."""
    if connection.vendor != "postgresql":
        return
    tables = ", ".join(connection.ops.quote_name(apps.get_model(label)._meta.db_table) for label in sorted(labels))
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")


def generated_agreements(seed: int):
    """The agreements of `seed`'s portfolio (contract numbers end in `-P<seed>-<index>`)."""
    return Agreement.objects.filter(contract_number__contains=f"MP-P{seed}-")


def add_missing_app_rows(*, seed: int, user=None, progress=None) -> PortfolioReport:
    """The rows of apps whose hook came after the portfolio of `seed` was generated, added to it."""
    started = time.perf_counter()
    report = PortfolioReport(seed)
    agreements = generated_agreements(seed)
    if not agreements.exists():
        raise PortfolioError(f"No portfolio of seed {seed} is in this database: generate it first.")
    report.rows, report.history_rows = add_app_rows(agreements, seed=seed, user=user, progress=progress)
    report.seconds = time.perf_counter() - started
    return report


def _seller(seed: int, user) -> LegalEntity:
    """The seed's Lucent when it is loaded (one Seller across the portfolio, as in life); else the run's own."""
    seller = LegalEntity.objects.filter(slug=SEED_SELLER).first()
    if seller is not None:
        return seller
    slug = f"lucent-technologies-inc-p{seed}"
    seller = LegalEntity.objects.filter(slug=slug).first()
    if seller is None:
        seller = LegalEntity(slug=slug, name=SELLER["name"], legal_form="corporation", jurisdiction="Delaware")
        seller.full_clean()
        seller._change_reason = f"generate_portfolio --seed {seed}: the Seller"  # type: ignore[attr-defined]
        seller._history_user = user  # type: ignore[attr-defined]
        seller.save()
    return seller


def sample_problems(labels: Iterable[str], per_model: int = 25) -> list[str]:
    """`full_clean()` on the newest `per_model` records of each model named: what the app would refuse."""
    problems = []
    for label in labels:
        model = apps.get_model(label)
        for obj in model._default_manager.order_by("-pk")[:per_model]:
            try:
                obj.full_clean()
            except ValidationError as exc:
                problems.append(f"{model._meta.label} {obj.pk}: {exc.messages}")
    return problems
