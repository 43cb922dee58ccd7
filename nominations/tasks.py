"""Background tasks. In development and tests they run at once (ImmediateBackend); in
production a database-backed worker runs them (`python manage.py db_worker`).

Task arguments must be JSON, so attachments travel base64-encoded:
`{"filename": ..., "mimetype": ..., "content_base64": ...}`.
"""

import base64

from django.core.mail import EmailMessage
from django.tasks import task


@task
def send_email(
    subject: str, body: str, to: list[str], attachments: list[dict] | None = None
) -> int:
    """Send one plain-text email from DEFAULT_FROM_EMAIL; returns how many were sent."""
    message = EmailMessage(subject=subject, body=body, to=to)
    for attachment in attachments or []:
        message.attach(
            attachment["filename"],
            base64.b64decode(attachment["content_base64"]),
            attachment["mimetype"],
        )
    return message.send()
