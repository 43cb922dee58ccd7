"""Emails the workflow sends, rendered and stored in the outbox only after the change
commits (`nominations.services.outbox`)."""

import logging
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from nominations.models import Cycle, Nomination
from nominations.pdf.nomination_copy import render_nomination_copy
from nominations.selectors.nominator import nomination_copy
from nominations.selectors.people import staff_who_may_vet
from nominations.services.outbox import Attachment, outbox_send_now, outbox_send_on_commit

logger = logging.getLogger(__name__)


def email_nominator_on_commit(
    *,
    nomination: Nomination,
    template: str,
    attachments: Callable[[], list[Attachment]] | None = None,
    **context,
) -> None:
    """After the current transaction commits, email the nominator `emails/<template>_*.txt`.

    Every such email links to the nomination's own page (`nomination_link`), not to the
    site's home: the nominator lands on the nomination the email is about.
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
            "contact_email": settings.AWARDS_CONTACT_EMAIL,
            "nomination_link": nomination_link(nomination),
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


# -- hand-offs to staff, panelists and the selecting official ----------------------------

# A letter: one recipient's address and what their email says (the template's context).
Letter = tuple[str, dict]


def site_link(url_name: str, *args) -> str:
    """The full address of a page (AWARDS_SITE_URL and the path), for a link in an email."""
    return settings.AWARDS_SITE_URL.rstrip("/") + reverse(url_name, args=args)


def nomination_link(nomination: Nomination) -> str:
    """The full address of the nominator's page of `nomination`, for their emails."""
    return site_link("nominations:nomination_detail", nomination.pk)


def email_each_on_commit(
    *,
    template: str,
    letters: Callable[[], list[Letter]],
    nomination: Nomination | None = None,
    cycle: Cycle | None = None,
) -> None:
    """After the current transaction commits, send one email per letter `letters()` makes.

    `letters` runs after the commit (so each email shows what was saved and goes to the
    people who hold the role then) and returns (address, context) pairs; each email is
    `emails/<template>_subject.txt` and `_body.txt` rendered with its context (plus
    site_name and site_url), stored in the outbox (with `nomination` and `cycle`, when
    given) and sent by a task. One message that cannot be stored is logged and does not
    stop the others. A rolled-back change sends nothing.
    """

    def send_all() -> None:
        for to, context in letters():
            full_context = {
                "site_name": settings.AWARDS_SITE_NAME,
                "site_url": settings.AWARDS_SITE_URL,
                "contact_email": settings.AWARDS_CONTACT_EMAIL,
                **context,
            }
            try:
                outbox_send_now(
                    to=[to],
                    subject=render_to_string(f"emails/{template}_subject.txt", full_context),
                    body=render_to_string(f"emails/{template}_body.txt", full_context),
                    template=template,
                    nomination=nomination,
                    cycle_id=cycle.pk if cycle is not None else None,
                )
            except Exception:
                logger.exception("The %s email to %s could not be queued.", template, to)

    transaction.on_commit(send_all, robust=True)


def email_staff_response_received_on_commit(*, nomination: Nomination) -> None:
    """After commit, tell each member of award staff that the nominator answered the
    request for information: a link to the nomination's staff page, where they vet it.
    A party to the nomination (its nominator among them) is never told."""

    def letters() -> list[Letter]:
        fresh = Nomination.objects.select_related("cycle__program", "nominee", "nominator").get(
            pk=nomination.pk
        )
        context = {
            "nomination": fresh,
            "nominee": fresh.nominee,
            "cycle": fresh.cycle,
            "program": fresh.cycle.program,
            "link": site_link("nominations:staff_nomination", fresh.pk),
        }
        return [
            (person.email, {**context, "staff_name": person.full_name or person.email})
            for person in staff_who_may_vet(fresh)
        ]

    email_each_on_commit(template="response_received", letters=letters, nomination=nomination)
