from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from records.domain.audit_extract import audit_extract_problems
from records.domain.package import check_package, file_sha256


class Command(BaseCommand):
    help = (
        "Check a records package without the database: its seal (any changed byte fails), "
        "every file against the manifest's SHA-256 and size, nothing unlisted, and the "
        "audit extract's chain from its start to the head the manifest names. Prints "
        "'records package OK ...' and the file's SHA-256 (compare it with the one the "
        "staff page and the audit log recorded) and exits 0, or lists the problems and "
        "exits 1."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="The package's ZIP file.")

    def handle(self, *args, file: str, **options) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        report = check_package(path, audit_checker=audit_extract_problems)
        if not report.ok:
            for problem in report.problems:
                self.stderr.write(f"problem: {problem}")
            count = len(report.problems)
            raise CommandError(f"{path}: not a valid records package ({count} problems)")
        manifest = report.manifest
        audit = manifest["audit"]
        self.stdout.write(
            f"records package OK: {manifest['program']}, {manifest['award_year']}; "
            f"{report.members_checked} files checked; audit chain of {audit['events']} events "
            f"({audit['extracted']} of the cycle) ending {audit['head']}"
        )
        self.stdout.write(f"sha256: {file_sha256(path)}")
