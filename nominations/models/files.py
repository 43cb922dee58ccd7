"""Files a nomination carries: the nominator's attachments and endorsers' letters.

Every file is stored under a generated name (`attachments/<uuid4>.pdf`,
`letters/<uuid4>.pdf`) in the default storage (MEDIA_ROOT or the S3 bucket that
FILE_STORAGE selects; never served as static files, never by a storage URL). The
name the uploader's computer gave it is kept, cleaned, for display only. Checking the
content is `core.uploads`' job; writing is the services'.
"""

import uuid
from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from core.workflow import no_blockers
from nominations.domain.parties import mailbox_or_blank
from nominations.models.nomination import Nomination
from nominations.states import EndorsementState

MAX_ATTACHMENTS = 5
MAX_ACTIVE_ENDORSEMENTS = 3
ENDORSEMENT_LINK_DAYS = 21
# Letters may still arrive for a week after the cycle's deadline (see endorsement_expiry).
ENDORSEMENT_GRACE_DAYS = 7


def attachment_upload_to(instance: "Attachment", filename: str) -> str:
    # The uploader's file name never reaches the file system.
    return f"attachments/{uuid.uuid4()}.pdf"


def letter_upload_to(instance: "EndorsementRequest", filename: str) -> str:
    return f"letters/{uuid.uuid4()}.pdf"


class Attachment(models.Model):
    """A PDF the nominator attached as evidence (at most MAX_ATTACHMENTS per nomination)."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_upload_to, max_length=200)
    original_name = models.CharField(max_length=255, help_text="Cleaned; for display only.")
    size = models.PositiveIntegerField(help_text="In bytes.")
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["nomination", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.nomination})"


EXPIRED = "expired"
PUBLIC_ENDORSEMENT_STATES = {
    EndorsementState.REQUESTED: "Requested",
    EndorsementState.RECEIVED: "Received",
    EndorsementState.CANCELLED: "Cancelled",
    EXPIRED: "Expired",
}


class EndorsementRequest(ConcurrentTransitionMixin, models.Model):
    """A request to one endorser for a letter of support, answered through a one-time link.

    Only the SHA-256 of the link's token is stored; the token itself goes into the email
    and nowhere else. Resending replaces the token, so the old link stops working.
    Optimistic locking on `state` makes a letter upload and a cancellation that race
    end with exactly one winner.
    """

    nomination = models.ForeignKey(
        Nomination, on_delete=models.CASCADE, related_name="endorsement_requests"
    )
    name = models.CharField("endorser's name", max_length=200)
    email = models.EmailField("endorser's email")
    # The mailbox `email` delivers to (nominations.domain.emails), set on every save and
    # indexed, so the nominations a user was asked to endorse are found directly.
    mailbox = models.CharField(
        max_length=254, blank=True, default="", db_index=True, editable=False
    )
    relationship = models.CharField("relationship to the nominee", max_length=200)
    token_hash = models.CharField(max_length=64, unique=True)
    state = FSMField(
        choices=EndorsementState.choices, default=EndorsementState.REQUESTED, protected=True
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    sent_at = models.DateTimeField()
    resent_count = models.PositiveSmallIntegerField(default=0)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(null=True, blank=True)

    letter = models.FileField(upload_to=letter_upload_to, max_length=200, blank=True)
    letter_original_name = models.CharField(max_length=255, blank=True)
    letter_size = models.PositiveIntegerField(null=True, blank=True)
    letter_sha256 = models.CharField(max_length=64, blank=True)
    received_after_vetting = models.BooleanField(
        default=False,
        help_text="Arrived once vetting was over: staff see it, the panel does not.",
    )

    class Meta:
        ordering = ["nomination", "created_at", "pk"]

    def __str__(self) -> str:
        return f"Letter from {self.name} for nomination {self.nomination_id}"

    def save(self, **kwargs) -> None:
        """Saves the request with its mailbox recomputed from its address."""
        self.mailbox = mailbox_or_blank(self.email)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "mailbox"}
        super().save(**kwargs)

    def is_expired(self, now: datetime | None = None) -> bool:
        return self.state == EndorsementState.REQUESTED and self.expires_at <= (
            now or timezone.now()
        )

    @property
    def public_state(self) -> str:
        """requested, received, expired or cancelled."""
        return EXPIRED if self.is_expired() else str(self.state)

    @property
    def public_state_name(self) -> str:
        return PUBLIC_ENDORSEMENT_STATES[self.public_state]

    # -- transitions: only in-memory changes here; services save, audit and notify -------

    def receive_blockers(self) -> list[str]:
        return ["the link has expired"] if self.is_expired() else []

    @transition(
        field=state,
        source=EndorsementState.REQUESTED,
        target=EndorsementState.RECEIVED,
        conditions=[no_blockers("receive_blockers")],
    )
    def receive(self) -> None:
        self.received_at = timezone.now()

    @transition(field=state, source=EndorsementState.REQUESTED, target=EndorsementState.CANCELLED)
    def cancel(self) -> None:
        self.cancelled_at = timezone.now()
