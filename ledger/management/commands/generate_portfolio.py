from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ledger.portfolio import DEFAULT_EDITS_PER_RECORD, PortfolioError, add_missing_app_rows, generate_portfolio


class Command(BaseCommand):
    help = (
        "Add generated agreements of the seed's shape (amendments, Customers, Term, provisions, discount "
        "tables, releases), their purchases and obligations, with their history, for benchmarks and scale tests. "
        "Reproducible by --seed. Load the seed agreement first to ask about it among the portfolio. "
        "--add-app-rows adds to a portfolio generated earlier the rows of apps it lacks (e.g. purchases)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--agreements", type=int, default=1000, help="how many agreements (default 1000)")
        parser.add_argument("--seed", type=int, default=1, help="the same seed gives the same portfolio (default 1)")
        parser.add_argument(
            "--edits-per-record",
            type=float,
            default=DEFAULT_EDITS_PER_RECORD,
            help=f"average edits after creation, each a history row (default {DEFAULT_EDITS_PER_RECORD}: "
            "about 970 history rows per agreement, purchases included)",
        )
        parser.add_argument("--user", help="username recorded as the author of the history rows")
        parser.add_argument(
            "--add-app-rows",
            action="store_true",
            help="generate no agreement: add the purchases, training incentives, commitments and seat uses that "
            "the portfolio of --seed lacks (generated before those apps had a portfolio hook), as the same seed "
            "would have generated them; all or nothing",
        )

    def handle(self, *args, agreements, seed, edits_per_record, user=None, add_app_rows=False, **options):
        if agreements < 1:
            raise CommandError("--agreements: give at least 1.")
        if not 0 <= edits_per_record <= 20:
            raise CommandError("--edits-per-record: give a number from 0 to 20.")
        author = None
        if user:
            author = get_user_model().objects.filter(username=user).first()
            if author is None:
                raise CommandError(f"--user: no user named {user!r}")
        verbose = options.get("verbosity", 1) >= 1

        def progress(report):
            if verbose:
                self.stdout.write(f"  {report.summary()}")

        if add_app_rows:
            try:
                report = add_missing_app_rows(seed=seed, user=author)
            except PortfolioError as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(self.style.SUCCESS(f"added to the portfolio: {report.summary()}"))
            return
        try:
            report = generate_portfolio(
                agreements=agreements, seed=seed, edits_per_record=edits_per_record, user=author, progress=progress
            )
        except PortfolioError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(report.summary()))
