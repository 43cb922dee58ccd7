"""Write one certificate PDF per awarded recipient of a cycle.

A recipient with a valid certificate gets the stored file, byte for byte, so the copy
matches the SHA-256 on the verification page. A recipient without one (a year imported
from the public record, say) gets an unissued preview, watermarked and without serial or
QR code, unless `--issue-as` names an award staff account: then the command issues the
certificate through `certificate_issue` (stored, audited, verifiable) and writes that.
Issuing is an act someone answers for, so the command never does it on its own.
"""

import gc
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from core.exceptions import WorkflowError
from nominations.models import Cycle
from nominations.states import NominationState
from selection.pdf.certificate import render_certificate
from selection.selectors.certificates import (
    awarded_nominations,
    certificate_current_name,
    certificate_data,
)
from selection.services.certificates import certificate_issue

GC_EVERY = 10


class Command(BaseCommand):
    help = (
        "Write one certificate PDF per awarded recipient of a cycle into a folder: the "
        "issued file where there is one, else a preview (or, with --issue-as, a newly "
        "issued certificate)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--cycle", type=int, required=True, help="The award year, e.g. 2022.")
        parser.add_argument("--out", required=True, help="The folder to write the PDFs to.")
        parser.add_argument(
            "--program", default="", help="The program's slug, when several share the year."
        )
        parser.add_argument(
            "--issue-as",
            default="",
            metavar="EMAIL",
            help="Issue missing certificates as this award staff account.",
        )

    def handle(self, *args, **options) -> None:
        cycle = self.cycle(options["cycle"], options["program"])
        issuer = self.issuer(options["issue_as"]) if options["issue_as"] else None
        if not cycle.nominations.filter(state=NominationState.AWARDED).exists():
            raise CommandError(f"{cycle} has no awarded recipients.")
        out = Path(options["out"])
        out.mkdir(parents=True, exist_ok=True)
        problems = []
        # One recipient at a time: each PDF is written to disk and dropped before the next.
        for index, nomination in enumerate(awarded_nominations(cycle)):
            if index % GC_EVERY == GC_EVERY - 1:
                # reportlab leaves reference cycles behind each PDF, which only a full
                # collection frees; left to the collector's own pace they pile up with the
                # batch (300 certificates peaked at 4.6 MB of Python memory, 2.9 MB with
                # this, most of it one chunk of nominations). It costs about 4% of the time.
                gc.collect()
            certificate = nomination.valid_certificate
            if certificate is None and issuer is not None:
                try:
                    certificate = certificate_issue(nomination=nomination, actor=issuer)
                except WorkflowError as error:
                    problems.append(f"{nomination.reference}: {error.message}")
                    continue
            if certificate is None:
                target = out / f"{nomination.reference}-preview.pdf"
                data = certificate_data(
                    nomination, serial="", recipient_name=certificate_current_name(nomination)
                )
                target.write_bytes(render_certificate(data))
                self.stdout.write(f"{target} (preview: no certificate issued)")
                continue
            try:
                with certificate.file.open("rb") as handle:
                    content = handle.read()
            except (FileNotFoundError, ValueError):
                problems.append(f"{certificate.serial}: the stored file is missing")
                continue
            target = out / f"{certificate.serial}.pdf"
            target.write_bytes(content)
            self.stdout.write(f"{target} ({certificate.recipient_name})")
        if problems:
            raise CommandError("Some certificates were not written: " + "; ".join(problems))

    def cycle(self, year: int, program: str) -> Cycle:
        cycles = Cycle.objects.select_related("program").filter(award_year=year)
        if program:
            cycles = cycles.filter(program__slug=program)
        found = list(cycles)
        if not found:
            raise CommandError(f"No cycle for {year}{f' of {program}' if program else ''}.")
        if len(found) > 1:
            slugs = ", ".join(cycle.program.slug for cycle in found)
            raise CommandError(f"Several programs have a {year} cycle ({slugs}): add --program.")
        return found[0]

    def issuer(self, email: str):
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No account with the email {email}.")
        return user
