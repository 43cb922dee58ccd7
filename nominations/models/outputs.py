from django.conf import settings
from django.db import models

from nominations.models.nomination import Nomination


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


class CertificateStatus(models.TextChoices):
    VALID = "valid", "Valid"
    SUPERSEDED = "superseded", "Superseded"
    REVOKED = "revoked", "Revoked"


class Certificate(models.Model):
    """An issued award certificate. Re-issuing supersedes; nothing is deleted."""

    nomination = models.ForeignKey(
        Nomination, on_delete=models.PROTECT, related_name="certificates"
    )
    serial = models.CharField(max_length=40, unique=True)
    recipient_name = models.CharField(max_length=300)
    status = models.CharField(
        max_length=12, choices=CertificateStatus.choices, default=CertificateStatus.VALID
    )
    sha256 = models.CharField(max_length=64)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField()
    superseded_by = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="supersedes"
    )

    class Meta:
        ordering = ["nomination", "-issued_at"]

    def __str__(self) -> str:
        return self.serial
