"""Verify the tamper evidence of the history (core.tamper); export or check the chain head."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.tamper import record_verification, verify_history


class Command(BaseCommand):
    help = (
        "Check the history hash chain, every history row, and every live record against its latest "
        "history row. Exit status 1 and every problem listed if anything does not add up."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--export-head",
            action="store_true",
            help="After a clean verification, print the chain head as JSON, signed with SECRET_KEY; keep it "
            "(or its chain_hash, with a notary) to prove later that history up to it is unchanged.",
        )
        parser.add_argument(
            "--expect-head",
            metavar="FILE",
            help="A head printed by --export-head: check that the chain still contains it unchanged.",
        )
        parser.add_argument("--no-live", action="store_true", help="Skip comparing live records with their history.")
        parser.add_argument("--max-problems", type=int, default=200, help="List at most this many (all are counted).")

    def handle(self, *args: Any, **options: Any) -> None:
        expected = self._read_head(options["expect_head"]) if options["expect_head"] else None
        report = verify_history(expect_head=expected, live=not options["no_live"], limit=options["max_problems"])
        if not options["no_live"]:  # a full check: shown on the integrity page
            record_verification(report, checked_by="manage.py verify_history")
        for problem in report.problems:
            self.stderr.write(str(problem))
        if not report.ok:
            hidden = report.problem_count - len(report.problems)
            more = f" ({hidden} more not listed)" if hidden else ""
            raise CommandError(f"History verification failed: {report.problem_count} problems{more}.")
        if options["export_head"]:
            if report.head is None:
                raise CommandError("The history chain is empty: there is no head to export yet.")
            self.stdout.write(json.dumps(report.head.document(), indent=2))
            return
        head = f"head #{report.head.seq} {report.head.chain_hash}" if report.head else "no links yet"
        checked = " (head as expected)" if expected is not None else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"History verified: {report.links} links ({report.late_links} linked late: bulk-written or "
                f"imported), {head}{checked}; "
                f"{report.live_rows} live records match their latest history."
            )
        )

    def _read_head(self, path: str) -> dict[str, Any]:
        try:
            document = json.loads(Path(path).read_text())
        except (OSError, ValueError) as exc:
            raise CommandError(f"Cannot read the head file {path}: {exc}") from exc
        if not isinstance(document, dict) or "seq" not in document or "chain_hash" not in document:
            raise CommandError(f"{path} is not a head printed by --export-head (seq and chain_hash expected).")
        return document
