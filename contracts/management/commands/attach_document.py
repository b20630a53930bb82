from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from contracts.documents import attach_text_document, attached_copy, check_pdf, store_document
from contracts.models import Agreement


class Command(BaseCommand):
    help = (
        "Attach a source document to an agreement or one of its amendments: a .txt exhibit (UTF-8 text) "
        "or a .pdf (checked like an upload). Attaching the same bytes again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--agreement", required=True, help="the agreement's contract number")
        parser.add_argument("--amendment", type=int, help="the amendment's number (default: the agreement itself)")
        parser.add_argument("--title", required=True)
        parser.add_argument("--file", required=True, dest="path", help="a .txt or .pdf file")
        parser.add_argument("--reason", default="Source document attached", help="recorded in the history")
        parser.add_argument("--user", help="username recorded as the uploader and author of the history row")

    def handle(self, *args, agreement, amendment, title, path, reason, user, **options):
        record = Agreement.objects.filter(contract_number=agreement).first()
        if record is None:
            raise CommandError(f"--agreement: no agreement with contract number {agreement!r}")
        part = None
        if amendment is not None:
            part = record.amendments.filter(number=amendment).first()
            if part is None:
                raise CommandError(f"--amendment: {agreement} has no amendment {amendment}")
        author = None
        if user:
            author = get_user_model().objects.filter(username=user).first()
            if author is None:
                raise CommandError(f"--user: no user named {user!r}")
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"--file: {path} is not a file")
        suffix = file.suffix.lower()
        try:
            if suffix == ".txt":
                document = attach_text_document(
                    agreement=record, amendment=part, title=title, path=str(file), user=author, reason=reason
                )
            elif suffix == ".pdf":
                document = self._attach_pdf(record, part, title, file, author, reason)
            else:
                raise CommandError(f"--file: {path} is neither .txt nor .pdf")
        except ValidationError as error:
            raise CommandError(f"{path}: {' '.join(error.messages)}") from error
        if document is None:
            self.stdout.write(f"{path}: already attached to {agreement}, nothing changed")
        else:
            self.stdout.write(self.style.SUCCESS(f"{path}: attached to {agreement} as “{document.title}”"))

    @staticmethod
    def _attach_pdf(agreement, amendment, title, file, user, reason):
        with file.open("rb") as handle:
            named = File(handle, name=file.name)
            facts = check_pdf(named)
            if attached_copy(agreement=agreement, amendment=amendment, sha256=facts.sha256):
                return None
            return store_document(
                agreement=agreement, amendment=amendment, title=title, uploaded_file=named, user=user, reason=reason
            )
