"""Emails the workflow sends, rendered and stored in the outbox only after the change
commits (`nominations.services.outbox`)."""

from collections.abc import Callable

from django.conf import settings
from django.template.loader import render_to_string

from nominations.models import Nomination
from nominations.pdf.nomination_copy import render_nomination_copy
from nominations.selectors.nominator import nomination_copy
from nominations.services.outbox import Attachment, outbox_send_on_commit


def email_nominator_on_commit(
    *,
    nomination: Nomination,
    template: str,
    attachments: Callable[[], list[Attachment]] | None = None,
    **context,
) -> None:
    """After the current transaction commits, email the nominator `emails/<template>_*.txt`.

    Rendering waits for the commit too, so a rolled-back change sends nothing and the
    email (and any attachment `attachments()` builds) shows what was saved. The email is
    stored in the outbox with the nomination and template, then sent by a task.
    """

    def build() -> dict:
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
        return {
            "to": [nomination.nominator.email],
            "subject": render_to_string(f"emails/{template}_subject.txt", full_context),
            "body": render_to_string(f"emails/{template}_body.txt", full_context),
            "template": template,
            "nomination": nomination,
            "attachments": attachments() if attachments else [],
        }

    outbox_send_on_commit(build=build)


def nomination_copy_attachment(nomination: Nomination) -> Attachment:
    """The nominator's PDF copy of the nomination, named after its reference."""
    content = render_nomination_copy(
        nomination_copy(nomination=nomination, site_name=settings.AWARDS_SITE_NAME)
    )
    return (f"nomination-{nomination.reference}.pdf", content, "application/pdf")
