from django.core.management.base import BaseCommand, CommandError

from core.models import AuditEvent
from core.selectors.audit import audit_chain_verify


class Command(BaseCommand):
    help = (
        "Check the audit log's hash chain. Prints 'audit chain OK (N events)' and exits 0, "
        "or names the first broken event and exits 1. With --expect-head HASH (the hash "
        "an earlier 'verify_audit -v 2' printed), also fails when that event is gone: "
        "events removed from the end of the log leave no other trace."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--expect-head",
            metavar="HASH",
            default="",
            help="The newest event's hash from an earlier run, kept outside the database.",
        )

    def handle(self, *args, **options) -> None:
        report = audit_chain_verify()
        if not report.ok:
            broken = report.first_break
            # CommandError exits with status 1 from the command line.
            raise CommandError(
                f"audit chain broken at event #{broken.event_id}: {broken.reason} "
                f"({broken.detail}); events intact before it: {report.events_checked}"
            )
        expected_head = options["expect_head"].strip().lower()
        # The chain holds, so an event with that hash is in it with every event before it
        # untouched; if it is missing, the log was cut back (or re-hashed) past it.
        if expected_head and not AuditEvent.objects.filter(hash=expected_head).exists():
            raise CommandError(
                f"audit chain truncated: the recorded head {expected_head} is not in the log "
                f"({report.events_checked} events); events were removed from its end or "
                "re-hashed"
            )
        self.stdout.write(f"audit chain OK ({report.events_checked} events)")
        if options["verbosity"] >= 2 and report.newest is not None:
            # Kept elsewhere, this line shows later whether the newest events vanished.
            self.stdout.write(f"newest event #{report.newest.pk}: {report.newest.hash}")
