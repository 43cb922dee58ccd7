from django.core.management.base import BaseCommand, CommandError

from selection.services.announce_schedule import announce_due


class Command(BaseCommand):
    help = (
        "Announce each cycle whose scheduled announcement time has come (run every minute "
        "by deploy/systemd/awards-announce.timer). Prints one line per cycle; exits with an "
        "error when one failed unexpectedly (it stays scheduled and is tried again)."
    )

    def handle(self, *args, **options) -> None:
        failed = []
        for result in announce_due():
            if result.failed:
                failed.append(str(result.cycle))
                self.stdout.write(f"{result.cycle}: failed; it stays scheduled (see the log).")
            elif result.outcome is None:
                self.stdout.write(f"{result.cycle}: not announced: {result.reasons}.")
            else:
                outcome = result.outcome
                self.stdout.write(
                    f"{result.cycle}: announced: {len(outcome.awarded)} awarded, "
                    f"{len(outcome.certificates_issued)} certificates issued, "
                    f"{outcome.notices} notices queued."
                )
        if failed:
            raise CommandError(f"Scheduled announcements failed: {', '.join(failed)}.")
