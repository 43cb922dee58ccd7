from django.conf import settings
from django.db import models
from django_fsm import FSMField, FSMModelMixin, transition

from nominations.models.cycle import Cycle
from nominations.models.nomination import Nomination
from nominations.states import CertificateStatus


class CitationKind(models.TextChoices):
    SHORT = "short", "Short citation (press statement)"
    FULL = "full", "Full citation (certificate)"


class Citation(models.Model):
    """One version of a recipient's short or full citation. The newest version is current."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="citations")
    kind = models.CharField(max_length=10, choices=CitationKind.choices)
    version = models.PositiveIntegerField()
    text = models.TextField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["nomination", "kind", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["nomination", "kind", "version"], name="unique_citation_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version}"


class Certificate(FSMModelMixin, models.Model):
    """An issued award certificate. Re-issuing supersedes; nothing is deleted."""

    nomination = models.ForeignKey(
        Nomination, on_delete=models.PROTECT, related_name="certificates"
    )
    serial = models.CharField(max_length=40, unique=True)
    recipient_name = models.CharField(max_length=300)
    status = FSMField(
        max_length=12,
        choices=CertificateStatus.choices,
        default=CertificateStatus.VALID,
        protected=True,
    )
    sha256 = models.CharField(max_length=64, help_text="SHA-256 of the issued PDF file.")
    file = models.FileField(upload_to="certificates/", blank=True)
    printed_text = models.JSONField(
        default=list,
        blank=True,
        help_text="The certificate's words as printed, line by line, in reading order.",
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField()
    superseded_by = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="supersedes"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revocation_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["nomination", "-issued_at"]

    def __str__(self) -> str:
        return self.serial

    # The services (selection/services/certificates.py) lock the rows, check who may act
    # and write the audit event; these change only the certificate in memory.

    @transition(field=status, source=CertificateStatus.VALID, target=CertificateStatus.SUPERSEDED)
    def supersede(self, *, by: "Certificate") -> None:
        """A re-issue replaces this certificate with `by`."""
        self.superseded_by = by

    @transition(field=status, source=CertificateStatus.VALID, target=CertificateStatus.REVOKED)
    def revoke(self, *, reason: str, at) -> None:
        """Revoked: the verification page says so, with the date."""
        self.revoked_at = at
        self.revocation_reason = reason


class SlateEntry(models.Model):
    """A nomination staff advanced to the slate, with the briefing note the selecting
    official reads beside its panel figures."""

    nomination = models.OneToOneField(
        Nomination, on_delete=models.CASCADE, related_name="slate_entry"
    )
    briefing_note = models.TextField()
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Slate entry for {self.nomination}"


class SelectionDecision(models.Model):
    """The selecting official's decision on a cycle's slate: who, when, why, as signed.

    Private until the cycle is announced.
    """

    cycle = models.OneToOneField(Cycle, on_delete=models.PROTECT, related_name="decision")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField()
    signed_name = models.CharField(max_length=200, help_text="The official's typed name.")
    justification = models.TextField(
        blank=True, help_text="Required when the selection departs from the panel's rank order."
    )
    out_of_rank_order = models.BooleanField(default=False)
    selected = models.JSONField(
        default=list, help_text="The selected nominations' references, in rank order."
    )

    def __str__(self) -> str:
        return f"Selection for {self.cycle}"


class Announcement(models.Model):
    """The press statement announcing a cycle's recipients, as staff edit it.

    The award paragraph itself is generated from the recipients and their short
    citations; staff write the parts around it.
    """

    cycle = models.OneToOneField(Cycle, on_delete=models.CASCADE, related_name="announcement")
    statement_date = models.DateField(null=True, blank=True)
    headline = models.CharField(max_length=300, blank=True)
    context_paragraph = models.TextField(blank=True)
    meeting_sentence = models.TextField(
        blank=True, help_text="The sentence about the meeting at which the award was presented."
    )
    commitments = models.TextField(blank=True, help_text="One commitment per line.")
    closing_sentence = models.TextField(blank=True)
    third_person = models.BooleanField(
        default=False,
        help_text='A readout ("During the meeting, Secretary … presented …") instead of the '
        "Secretary's own words.",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Announcement of {self.cycle}"
