from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.services.audit import audit_record
from nominations.models import Cycle
from records.domain.package import write_package
from records.selectors.contents import CycleRecords


class Command(BaseCommand):
    help = (
        "Write a cycle's records package (docs/records.md): every record of the cycle in "
        "one ZIP file with a manifest of each file's SHA-256, the audit extract and a seal. "
        "Records one 'records_package.build' audit event with the file's SHA-256; "
        "`verify_records_package` checks the file."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--cycle", type=int, required=True, help="The award year, e.g. 2022.")
        parser.add_argument(
            "--program", default="", help="The program's slug, when several have that year."
        )
        parser.add_argument("--out", required=True, help="The ZIP file to write.")

    def handle(self, *args, cycle: int, program: str, out: str, **options) -> None:
        found = Cycle.objects.select_related("program").filter(award_year=cycle)
        if program:
            found = found.filter(program__slug=program)
        cycles = list(found)
        if not cycles:
            raise CommandError(f"No cycle for {cycle}{f' of {program}' if program else ''}.")
        if len(cycles) > 1:
            raise CommandError(f"Several programs have a {cycle} cycle; name one with --program.")
        target = Path(out)
        if target.exists():
            raise CommandError(f"{target} exists; choose another file.")
        the_cycle = cycles[0]
        try:
            with target.open("w+b") as handle:
                written = write_package(
                    handle,
                    lambda writer: (
                        CycleRecords(writer, the_cycle).write()
                        | {"requested_by": "manage.py records_package"}
                    ),
                )
        except BaseException:
            target.unlink(missing_ok=True)
            raise
        audit_record(
            action="records_package.build",
            obj=the_cycle,
            data={"file": target.name, **written.audit_data},
        )
        for missing in written.description["missing_files"]:
            self.stderr.write(f"missing: {missing['path']} ({missing['stored_as']})")
        self.stdout.write(f"wrote {target} ({written.files} files, {written.size} bytes)")
        self.stdout.write(f"sha256: {written.sha256}")
