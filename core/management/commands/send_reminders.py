"""E-mail each user the items newly due for them (core.reminders); safe to run from cron or a timer."""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from core.reminders import send_reminders


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--on: {text!r} is not a date (YYYY-MM-DD).") from None


class Command(BaseCommand):
    help = (
        "E-mail every active user with an e-mail address a digest of what needs their attention and has "
        "not been sent to them yet (each item once; their profile says which kinds and how many days "
        "ahead). Idempotent: run it as often as you like. Exit status 1 if an e-mail could not be sent "
        "(nothing is recorded for that user, so the next run tries again)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--on", help="Compute the lists as of this date (YYYY-MM-DD). Default: today.")
        parser.add_argument("--dry-run", action="store_true", help="Say what would be sent; send and record nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        on = _date(options["on"]) if options["on"] else timezone.localdate()
        summary = send_reminders(on=on, dry_run=options["dry_run"])
        for line in summary.lines():
            self.stdout.write(line)
        if summary.failed:
            raise CommandError(f"{len(summary.failed)} e-mails could not be sent; they will be tried next run.")
