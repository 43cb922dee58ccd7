"""Emails the workflow sends, rendered and queued only after the change commits."""

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string

from nominations.models import Nomination
from nominations.tasks import send_email


def email_nominator_on_commit(*, nomination: Nomination, template: str, **context) -> None:
    """After the current transaction commits, email the nominator `emails/<template>_*.txt`.

    Rendering waits for the commit too, so a rolled-back change sends nothing and the
    email shows what was saved.
    """

    def send() -> None:
        full_context = {
            "nomination": nomination,
            "nominee": nomination.nominee,
            "cycle": nomination.cycle,
            "program": nomination.cycle.program,
            "nominator": nomination.nominator,
            "site_name": settings.AWARDS_SITE_NAME,
            "site_url": settings.AWARDS_SITE_URL,
            **context,
        }
        subject = render_to_string(f"emails/{template}_subject.txt", full_context)
        body = render_to_string(f"emails/{template}_body.txt", full_context)
        # A subject is one line, however the template wraps it.
        send_email.enqueue(" ".join(subject.split()), body, [nomination.nominator.email])

    transaction.on_commit(send)
