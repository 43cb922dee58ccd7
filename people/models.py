from django.conf import settings
from django.db import models


class RoleInvitation(models.Model):
    """An emailed invitation to join as award staff or the selecting official. Only a
    hash of its single-use token is kept; accepting it makes the account (or, for an
    existing account signed in, adds the role)."""

    email = models.EmailField()
    full_name = models.CharField(max_length=200)
    role = models.CharField(max_length=40)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Invitation of {self.email} as {self.role}"
