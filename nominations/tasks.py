"""Background tasks. In development and tests they run at once (ImmediateBackend); in
production a database-backed worker runs them (`python manage.py db_worker`).

A task's arguments are kept in the task table until pruned, so they never carry a
secret: `send_email` takes only the message's id and reads everything from the
`OutboxMessage` row, unsealing the single-use link, if any, at the moment of sending
(see `nominations.services.outbox`).
"""

import base64

from django.core.mail import EmailMessage
from django.tasks import task
from django.utils import timezone

from accounts.sealing import SealBroken, unseal
from nominations.models import LINK_SEAL_PURPOSE, SECRET_WITHHELD, OutboxMessage
from nominations.states import OutboxStatus

UNSEALABLE = (
    "The single-use link could not be decrypted (was SECRET_KEY changed?). Send a new link instead."
)


@task
def send_email(message_id: int) -> str:
    """Send one stored message from DEFAULT_FROM_EMAIL and record how it went.

    Marks the message sent (with `sent_at`, its sealed link wiped) or failed (with the
    error, its sealed link kept so that a retry can send it). Returns the status. A
    message already sent is not sent twice. Neither the body nor the link is logged or
    written into the error.
    """
    message = OutboxMessage.objects.get(pk=message_id)
    if message.status == OutboxStatus.SENT:
        return message.status
    link = ""
    if message.sealed_link:
        try:
            link = unseal(message.sealed_link, purpose=LINK_SEAL_PURPOSE)
        except SealBroken:
            # Nothing can ever open it: drop it, so the outbox refuses to resend it.
            OutboxMessage.objects.filter(pk=message.pk).update(sealed_link="")
            return _failed(message, UNSEALABLE)
    body = message.body.replace(SECRET_WITHHELD, link) if link else message.body
    email = EmailMessage(subject=message.subject, body=body, to=message.to)
    for attachment in message.attachments:
        email.attach(
            attachment["filename"],
            base64.b64decode(attachment["content_b64"]),
            attachment["mimetype"],
        )
    try:
        email.send()
    except Exception as error:
        # Whatever the backend raises (SMTP, DNS, TLS) is recorded on the message for staff.
        text = f"{type(error).__name__}: {error}"
        return _failed(message, text.replace(link, SECRET_WITHHELD) if link else text)
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxStatus.SENT, sent_at=timezone.now(), error="", sealed_link=""
    )
    return OutboxStatus.SENT


def _failed(message: OutboxMessage, error: str) -> str:
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxStatus.FAILED, error=error[:2000]
    )
    return OutboxStatus.FAILED
