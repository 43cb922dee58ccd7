"""The email outbox: every notification the system sends is an `OutboxMessage` first.

`outbox_send_on_commit` is the one way workflow services send email. After the current
transaction commits it stores the message (status queued) and enqueues
`nominations.tasks.send_email` with the message's id; the task sends it and marks it
sent or failed. A rolled-back change therefore stores and sends nothing.

An email carrying a single-use link (a request for a letter of support, a panel
invitation) is stored with the link replaced by `SECRET_WITHHELD`, and the link itself
sealed in `sealed_link` (encrypted under a key derived from SECRET_KEY, see
`accounts.sealing`); the task's only argument is the message's id, and it unseals the
link at the moment of sending and wipes it once sent. So neither the task table nor a
copy of the database (without SECRET_KEY) opens a link, and a failed send keeps what a
retry needs. Staff can resend such a message from the outbox while its sending failed
(the sealed link moves to the new message); once it was sent, the link is gone and the
resend is refused: the nominator or staff send a new link instead.

allauth's account emails (confirmations, password resets) come here too, through
`nominations.account_mail.OutboxAccountAdapter`; their links are sealed the same way.
"""

import base64
from collections.abc import Callable

from django.db import transaction

from accounts.roles import Role
from accounts.sealing import seal
from core.exceptions import InvalidInput, NotPermitted
from core.services.audit import audit_record
from nominations import rules
from nominations.models import LINK_SEAL_PURPOSE, SECRET_WITHHELD, Nomination, OutboxMessage
from nominations.states import OutboxStatus
from nominations.tasks import send_email

# (filename, content, MIME type)
Attachment = tuple[str, bytes, str]


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
    cycle_id: int | None = None,
    attachments: list[Attachment] | None = None,
    secret: str = "",
) -> OutboxMessage:
    """Store one message (status queued) and enqueue its sending; return the message.

    Call outside a transaction (from an on-commit callback). The subject is made one
    line. `secret` (a single-use link in `body`), when given, is left out of the stored
    body and kept only sealed. Creates one OutboxMessage; schedules one `send_email` task,
    whose only argument is the message's id. The message belongs to the cycle
    `cycle_id`, or to its nomination's (the cycle's records package lists it).
    """
    stored_body = body.replace(secret, SECRET_WITHHELD) if secret else body
    message = OutboxMessage.objects.create(
        sealed_link=seal(secret, purpose=LINK_SEAL_PURPOSE) if secret else "",
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
        cycle_id=cycle_id or (nomination.cycle_id if nomination is not None else None),
        status=OutboxStatus.QUEUED,
    )
    send_email.enqueue(message.pk)
    return message


def outbox_resend(*, message: OutboxMessage, actor) -> OutboxMessage:
    """Send a stored message again, as a new message that points back to it.

    Award staff only. Creates one OutboxMessage (resend_of=message, status queued) with
    one "outbox.resend" audit event; schedules its sending after commit. A message
    carrying a single-use link can be resent only while its sending failed: its sealed
    link moves to the new message. Otherwise refused, with nothing changed.
    """
    if not rules.is_award_staff(actor):
        raise NotPermitted("Only award staff can resend emails.")
    with transaction.atomic():
        sealed_link = _take_sealed_link(message) if SECRET_WITHHELD in message.body else ""
        copy = OutboxMessage.objects.create(
            sealed_link=sealed_link,
            to=list(message.to),
            subject=message.subject,
            body=message.body,
            attachments=message.attachments,
            template=message.template,
            nomination_id=message.nomination_id,
            cycle_id=message.cycle_id,
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


def _take_sealed_link(message: OutboxMessage) -> str:
    """The failed message's sealed link, wiped from it (locked: one resend takes it)."""
    locked = OutboxMessage.objects.select_for_update().get(pk=message.pk)
    if locked.status != OutboxStatus.FAILED or not locked.sealed_link:
        raise InvalidInput(
            "This email carried a single-use link, which is not kept once the email is "
            "sent, so it cannot be resent from the outbox. Send a new link instead: the "
            "nominator resends the request for the letter, or staff resend the panel "
            "invitation."
        )
    OutboxMessage.objects.filter(pk=locked.pk).update(sealed_link="")
    return locked.sealed_link


__all__ = ["SECRET_WITHHELD", "outbox_resend", "outbox_send_now", "outbox_send_on_commit"]
