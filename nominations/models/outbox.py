from django.db import models

from nominations.states import OutboxStatus

# What a stored body says where its single-use link was.
SECRET_WITHHELD = "[single-use link withheld from the record]"
# The purpose under which `OutboxMessage.sealed_link` is sealed (accounts.sealing).
LINK_SEAL_PURPOSE = "outbox.link"


class OutboxMessage(models.Model):
    """Every email the system sends, kept with what it said and whether it went out.

    Attachments are kept as a list of {"filename", "mimetype", "content_b64"} so a
    message can be resent exactly as it was. A message carrying a single-use link keeps
    `SECRET_WITHHELD` in its body instead of the link, and the link itself sealed
    (`accounts.sealing`, key derived from SECRET_KEY) in `sealed_link` until it is sent.
    """

    to = models.JSONField(default=list, help_text="Recipient addresses.")
    subject = models.CharField(max_length=300)
    body = models.TextField()
    attachments = models.JSONField(default=list, blank=True)
    template = models.CharField(max_length=80, blank=True, help_text="The email template.")
    nomination = models.ForeignKey(
        "nominations.Nomination",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outbox_messages",
    )
    cycle = models.ForeignKey(
        "nominations.Cycle",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outbox_messages",
        help_text="The cycle the message is about (its nomination's), for its records.",
    )
    status = models.CharField(
        max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.QUEUED
    )
    error = models.TextField(blank=True)
    sealed_link = models.TextField(
        blank=True,
        editable=False,
        help_text="The single-use link, encrypted, until the message is sent; then empty.",
    )
    resend_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="resends"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # When the retention schedule disposed of its recipients, subject, body and files.
    disposed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.to)}"
