from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from contracts.datafile import DataFileError
from ledger.loading import load_agreement_file


class Command(BaseCommand):
    help = (
        "Load an agreement data file (YAML, see data/README.md). The whole file is validated "
        "first; it loads all-or-nothing, and loading it again changes nothing. Rows are matched by "
        "key; a row the file no longer lists is reported, and deleted only with --prune."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the YAML data file")
        parser.add_argument(
            "--user",
            help="username recorded as the author of the history rows and of the file's drafts (required if any)",
        )
        parser.add_argument(
            "--prune",
            action="store_true",
            help="delete the agreement's records the file no longer lists (refused when recorded data depends on one)",
        )

    def handle(self, *args, path, user=None, prune=False, **options):
        author = None
        if user:
            author = get_user_model().objects.filter(username=user).first()
            if author is None:
                raise CommandError(f"--user: no user named {user!r}")
        try:
            report = load_agreement_file(path, user=author, prune=prune)
        except DataFileError as exc:
            raise CommandError(str(exc)) from exc
        for line in report.lines():
            self.stdout.write(line)
        verdict = "loaded" if report.changed else "already up to date, nothing changed"
        self.stdout.write(self.style.SUCCESS(f"{report.source}: {verdict}"))
