from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from selection.selectors.certificates import certificate_file_finding


class Command(BaseCommand):
    help = (
        "Check a certificate's PDF file, without the web: whether it is the file issued "
        "(its SHA-256 is the one recorded), signed by the office and unchanged since, and "
        "whether the certificate is still valid. Every certificate counts, announced or "
        "not. Prints the verdict and exits 0 for the issued file of a valid certificate, "
        "1 otherwise."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="The PDF file to check.")

    def handle(self, *args, file: str, **options) -> None:
        try:
            content = Path(file).read_bytes()
        except OSError as error:
            raise CommandError(f"{file} cannot be read: {error.strerror}.") from error
        finding = certificate_file_finding(content, published_only=False)
        self.stdout.write(finding.headline)
        for detail in finding.details:
            self.stdout.write(f"  {detail}")
        if not finding.ok:
            raise CommandError(f"{file}: {finding.verdict.value}")
