from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from records.services.retention import retention_apply


class Command(BaseCommand):
    help = (
        "Dispose of every record the retention schedule says is due (docs/records.md): "
        "drafts never submitted, nominations not awarded, emails, records packages' files. "
        "Each disposal is one 'retention.dispose' audit event. With --dry-run, only list "
        "what would go. The production timer runs it daily."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="List, dispose of nothing.")
        parser.add_argument(
            "--as-of",
            metavar="YYYY-MM-DD",
            default="",
            help="Count as if today were this day: an earlier day, or a later one with "
            "--dry-run (to see what it will dispose of).",
        )

    def handle(self, *args, dry_run: bool, as_of: str, **options) -> None:
        try:
            today = date.fromisoformat(as_of) if as_of else None
        except ValueError as error:
            raise CommandError(f"--as-of {as_of}: give a date as YYYY-MM-DD.") from error
        if today is not None and today > timezone.localdate() and not dry_run:
            raise CommandError(
                "--as-of a later day only lists what would go: add --dry-run. Records are "
                "disposed of on the day they are due, not before."
            )
        items = retention_apply(today=today, dry_run=dry_run)
        verb = "would dispose of" if dry_run else "disposed of"
        for item in items:
            self.stdout.write(f"{item.due.isoformat()}  {item.series.value:<12} {item.label}")
        self.stdout.write(f"retention: {verb} {len(items)} record{'s' * (len(items) != 1)}")
