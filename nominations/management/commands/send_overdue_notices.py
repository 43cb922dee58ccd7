from django.core.management.base import BaseCommand

from nominations.services.overdue import overdue_responses_notify


class Command(BaseCommand):
    help = (
        "Email award staff the responses to requests for information that became overdue "
        "since the last run (each once per due date). Prints who was told of what."
    )

    def handle(self, *args, **options) -> None:
        notices = overdue_responses_notify()
        for notice in notices:
            self.stdout.write(f"Told {notice.to}: {', '.join(notice.references)}")
        if not notices:
            self.stdout.write("No response became overdue.")
