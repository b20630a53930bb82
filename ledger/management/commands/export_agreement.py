from django.core.management.base import BaseCommand, CommandError

from contracts.models import Agreement
from ledger.exporting import export_agreement


class Command(BaseCommand):
    help = (
        "Write one agreement (its entities, amendments and everything they do) as a data file "
        "(YAML, see data/README.md). Loading the file into an empty database reproduces the agreement."
    )

    def add_arguments(self, parser):
        parser.add_argument("contract_number", help="the agreement's contract number")
        parser.add_argument("-o", "--output", help="file to write (default: standard output)")

    def handle(self, *args, contract_number, output=None, **options):
        agreement = Agreement.objects.filter(contract_number=contract_number).first()
        if agreement is None:
            raise CommandError(f"no agreement has the contract number {contract_number!r}")
        try:
            text = export_agreement(agreement)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if output:
            with open(output, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
            self.stdout.write(self.style.SUCCESS(f"{agreement.contract_number}: written to {output}"))
        else:
            self.stdout.write(text, ending="")
