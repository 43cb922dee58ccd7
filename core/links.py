"""Single-use links sent by email: an endorser's link to upload a letter of support, and
a panel invitation.

Each link carries a token from `new_token()` (256 random bits). Only the token's
SHA-256 (`token_hash`) is stored, so a copy of the database opens no link; the token
lives only in the email as sent, and until then sealed on its outbox message under a
key derived from SECRET_KEY (see `nominations.services.outbox`), never in a task's
arguments or a log. A link that cannot be used raises a `LinkError`
subclass: an unknown token is 404 Not Found, one that existed but is spent (used,
expired, cancelled, revoked, or its object closed) is 410 Gone: it will not work again.
"""

import hashlib
import logging
import re
import secrets

from django.utils import timezone

from core.exceptions import WorkflowError

# secrets.token_urlsafe(32) gives 43 characters; anything far from that is not a token.
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{20,100}")


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """What is stored instead of the token itself."""
    return hashlib.sha256(token.encode()).hexdigest()


# A token in a link's path: the endorser's, a panel's and a role's invitation, allauth's
# password reset, and allauth's email confirmation (a signed key with colons).
TOKEN_IN_PATH = re.compile(
    r"(/(?:endorse|review/invitations|join|accounts/password/reset/key)/)[A-Za-z0-9_-]{20,}"
    r"|(/accounts/confirm-email/)[A-Za-z0-9_:-]{20,}"
)


def redact_tokens(text: str) -> str:
    """`text` with the token of every single-use link path in it blanked."""
    return TOKEN_IN_PATH.sub(lambda found: f"{found[1] or found[2]}[token]", text)


class RedactLinkTokens(logging.Filter):
    """Blanks the token of a single-use link in a log line (Django logs the path of every
    4xx answer, say a refused POST on a live link), so no log holds a usable link."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact_tokens(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


PENDING, ACCEPTED, REVOKED, EXPIRED = "pending", "accepted", "revoked", "expired"


def invitation_status(invitation, now=None) -> str:
    """pending, accepted, revoked or expired: where an emailed invitation stands (a
    panel's, a role's), by its `accepted_at`, `revoked_at` and `expires_at`."""
    if invitation.accepted_at:
        return ACCEPTED
    if invitation.revoked_at:
        return REVOKED
    if invitation.expires_at <= (now or timezone.now()):
        return EXPIRED
    return PENDING


def looks_like_token(token: str | None) -> bool:
    """Whether `token` could have come from `new_token()` (others are not looked up)."""
    return bool(TOKEN_PATTERN.fullmatch(token or ""))


class LinkError(WorkflowError):
    """A link that cannot be used; `reason` says why ("unknown" or how it was spent)."""

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message)
        self.reason = reason

    @property
    def status(self) -> int:
        return 404 if self.reason == "unknown" else 410
