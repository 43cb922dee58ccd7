from django.core.management.base import BaseCommand, CommandError

from nominations.selectors.audit import audit_chain_verify


class Command(BaseCommand):
    help = (
        "Check the audit log's hash chain. Prints 'audit chain OK (N events)' and exits 0, "
        "or names the first broken event and exits 1."
    )

    def handle(self, *args, **options) -> None:
        report = audit_chain_verify()
        if report.ok:
            self.stdout.write(f"audit chain OK ({report.events_checked} events)")
            if options["verbosity"] >= 2 and report.newest is not None:
                # Kept elsewhere, this line shows later whether the newest events vanished.
                self.stdout.write(f"newest event #{report.newest.pk}: {report.newest.hash}")
            return
        broken = report.first_break
        # CommandError exits with status 1 from the command line.
        raise CommandError(
            f"audit chain broken at event #{broken.event_id}: {broken.reason} "
            f"({broken.detail}); events intact before it: {report.events_checked}"
        )
