"""The email outbox: every notification the system sends is an `OutboxMessage` first.

`outbox_send_on_commit` is the one way workflow services send email. After the current
transaction commits it stores the message (status queued) and enqueues
`nominations.tasks.send_email` with the message's id; the task sends it and marks it
sent or failed. A rolled-back change therefore stores and sends nothing.

An email carrying a secret (the single-use link in a request for a letter of support)
is stored with the secret replaced by `SECRET_WITHHELD`, so a copy of the database opens
no link; only the task receives the body as sent. Such a message cannot be resent from
the outbox: the nominator resends the request, which makes a new link.

allauth's account emails (confirmations, password resets) do not pass through here.
"""

import base64
from collections.abc import Callable

from django.db import transaction

from accounts.roles import Role
from nominations import rules
from nominations.exceptions import InvalidInput, NotPermitted
from nominations.models import Nomination, OutboxMessage, OutboxStatus
from nominations.services.audit import audit_record
from nominations.tasks import send_email

# (filename, content, MIME type)
Attachment = tuple[str, bytes, str]
SECRET_WITHHELD = "[single-use link withheld from the record]"


def outbox_send_on_commit(*, build: Callable[[], dict]) -> None:
    """After the current transaction commits, store and send the message `build()` makes.

    `build` runs after the commit (so the email shows what was saved) and returns the
    keyword arguments of `outbox_send_now`. Schedules one `send_email` task.
    """
    # robust: the change is already committed; one message that cannot be stored or
    # queued is logged and must not stop the others or turn the answer into an error.
    transaction.on_commit(lambda: outbox_send_now(**build()), robust=True)


def outbox_send_now(
    *,
    to: list[str],
    subject: str,
    body: str,
    template: str = "",
    nomination: Nomination | None = None,
    attachments: list[Attachment] | None = None,
    secret: str = "",
) -> OutboxMessage:
    """Store one message (status queued) and enqueue its sending; return the message.

    Call outside a transaction (from an on-commit callback). The subject is made one
    line. `secret`, when given, is left out of the stored body. Creates one
    OutboxMessage; schedules one `send_email` task.
    """
    stored_body = body.replace(secret, SECRET_WITHHELD) if secret else body
    message = OutboxMessage.objects.create(
        to=list(to),
        subject=" ".join(subject.split())[:300],
        body=stored_body,
        attachments=[
            {
                "filename": filename,
                "mimetype": mimetype,
                "content_b64": base64.b64encode(content).decode("ascii"),
            }
            for filename, content, mimetype in attachments or []
        ],
        template=template[:80],
        nomination=nomination,
        status=OutboxStatus.QUEUED,
    )
    send_email.enqueue(message.pk, body if secret else None)
    return message


def outbox_resend(*, message: OutboxMessage, actor) -> OutboxMessage:
    """Send a stored message again, as a new message that points back to it.

    Award staff only. Creates one OutboxMessage (resend_of=message, status queued) with
    one "outbox.resend" audit event; schedules its sending after commit. Refused, with
    nothing changed, for a message whose single-use link was withheld from the record.
    """
    if not rules.is_award_staff(actor):
        raise NotPermitted("Only award staff can resend emails.")
    if SECRET_WITHHELD in message.body:
        raise InvalidInput(
            "This email carried a single-use upload link, which is not kept, so it cannot "
            "be resent from the outbox. The nominator can resend the request for the "
            "letter, which makes a new link."
        )
    with transaction.atomic():
        copy = OutboxMessage.objects.create(
            to=list(message.to),
            subject=message.subject,
            body=message.body,
            attachments=message.attachments,
            template=message.template,
            nomination_id=message.nomination_id,
            resend_of=message,
            status=OutboxStatus.QUEUED,
        )
        audit_record(
            action="outbox.resend",
            actor=actor,
            obj=copy,
            data={"resend_of": message.pk, "to": copy.to, "subject": copy.subject},
            role=Role.AWARD_STAFF,
        )
        transaction.on_commit(lambda: send_email.enqueue(copy.pk))
    return copy


__all__ = ["SECRET_WITHHELD", "outbox_resend", "outbox_send_now", "outbox_send_on_commit"]
