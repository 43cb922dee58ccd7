"""Background tasks. In development and tests they run at once (ImmediateBackend); in
production a database-backed worker runs them (`python manage.py db_worker`).

Emails are sent from their `OutboxMessage` row, so the task's only argument is the
message's id (and, for an email carrying a single-use link, the body as sent, since the
stored body leaves the link out; see `nominations.services.outbox`).
"""

import base64

from django.core.mail import EmailMessage
from django.tasks import task
from django.utils import timezone

from nominations.models import OutboxMessage, OutboxStatus


@task
def send_email(message_id: int, body: str | None = None) -> str:
    """Send one stored message from DEFAULT_FROM_EMAIL and record how it went.

    Marks the message sent (with `sent_at`) or failed (with the error). Returns the
    status. A message already sent is not sent twice.
    """
    message = OutboxMessage.objects.get(pk=message_id)
    if message.status == OutboxStatus.SENT:
        return message.status
    email = EmailMessage(subject=message.subject, body=body or message.body, to=message.to)
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
        OutboxMessage.objects.filter(pk=message.pk).update(
            status=OutboxStatus.FAILED, error=f"{type(error).__name__}: {error}"[:2000]
        )
        return OutboxStatus.FAILED
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxStatus.SENT, sent_at=timezone.now(), error=""
    )
    return OutboxStatus.SENT
