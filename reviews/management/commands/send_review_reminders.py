from django.core.management.base import BaseCommand, CommandError

from nominations.models import Cycle
from reviews.rules import SCORING_CYCLE_STATE
from reviews.selectors.progress import reminder_digests
from reviews.services.reminders import review_reminders_send


class Command(BaseCommand):
    help = (
        "Email each panelist with incomplete reviews (of cycles in panel review) one "
        "digest listing them, through the outbox. Prints who got one."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--cycle", type=int, help="Only this cycle (its id).")
        parser.add_argument(
            "--dry-run", action="store_true", help="List who would get one; send nothing."
        )

    def handle(self, *args, **options) -> None:
        cycle = None
        if options["cycle"] is not None:
            cycle = Cycle.objects.select_related("program").filter(pk=options["cycle"]).first()
            if cycle is None:
                raise CommandError(f"There is no cycle with id {options['cycle']}.")
            if cycle.state != SCORING_CYCLE_STATE:
                self.stdout.write(f"{cycle} is not in panel review; no reminders to send.")
                return
        digests = reminder_digests(cycle=cycle)
        verb = "Would remind" if options["dry_run"] else "Reminded"
        for digest in digests:
            member = digest.member
            references = ", ".join(item.nomination.reference for item in digest.items)
            count = len(digest.items)
            self.stdout.write(
                f"{verb} {member.user.email} ({member.panel.cycle}): "
                f"{count} incomplete review{'s' if count != 1 else ''} ({references})"
            )
        if options["dry_run"]:
            self.stdout.write(f"Dry run: {len(digests)} reminder(s) would be sent.")
            return
        sent = review_reminders_send(digests=digests)
        self.stdout.write(f"{sent} reminder(s) sent.")
