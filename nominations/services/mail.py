"""Emails the workflow sends, rendered and queued only after the change commits."""

import base64
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string

from nominations.models import Nomination
from nominations.pdf.nomination_copy import render_nomination_copy
from nominations.selectors.nominator import nomination_copy
from nominations.tasks import send_email

# (filename, content, MIME type)
Attachment = tuple[str, bytes, str]


def email_nominator_on_commit(
    *,
    nomination: Nomination,
    template: str,
    attachments: Callable[[], list[Attachment]] | None = None,
    **context,
) -> None:
    """After the current transaction commits, email the nominator `emails/<template>_*.txt`.

    Rendering waits for the commit too, so a rolled-back change sends nothing and the
    email (and any attachment `attachments()` builds) shows what was saved.
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
        files = [
            {
                "filename": filename,
                "mimetype": mimetype,
                "content_base64": base64.b64encode(content).decode("ascii"),
            }
            for filename, content, mimetype in (attachments() if attachments else [])
        ]
        # A subject is one line, however the template wraps it.
        send_email.enqueue(
            " ".join(subject.split()), body, [nomination.nominator.email], files or None
        )

    transaction.on_commit(send)


def nomination_copy_attachment(nomination: Nomination) -> Attachment:
    """The nominator's PDF copy of the nomination, named after its reference."""
    content = render_nomination_copy(
        nomination_copy(nomination=nomination, site_name=settings.AWARDS_SITE_NAME)
    )
    return (f"nomination-{nomination.reference}.pdf", content, "application/pdf")
