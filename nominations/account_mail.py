"""allauth's account emails (address confirmations, password resets, notices) go through
the outbox like every other email: stored, then sent by the worker, so a mail server that
is down or slow delays the email and never fails or holds up the sign-up or the reset.

The link such an email carries (to confirm the address, to choose a new password) is a
single-use secret: the outbox keeps it sealed and out of the stored body, as it does the
links of letter requests and panel invitations.
"""

from django.core.mail import EmailMessage

from accounts.adapters import AccountAdapter
from nominations.services.outbox import outbox_send_now


class OutboxAccountAdapter(AccountAdapter):
    def deliver(self, message: EmailMessage, *, template: str, link: str) -> None:
        outbox_send_now(
            to=list(message.to),
            subject=message.subject,
            body=message.body,
            template=f"account/{template}",
            secret=link,
        )
