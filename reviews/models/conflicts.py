"""Conflicts of interest between a panelist and a nomination."""

from django.conf import settings
from django.db import models

from nominations.models import Nomination
from reviews.models.panel import PanelMember
from reviews.states import BLOCKING_STATUSES, ConflictKind, ConflictStatus


class Conflict(models.Model):
    """One (nomination, panelist) conflict: declared, suggested, or decided by staff."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="conflicts")
    member = models.ForeignKey(PanelMember, on_delete=models.CASCADE, related_name="conflicts")
    kind = models.CharField(max_length=20, choices=ConflictKind.choices)
    reason = models.TextField()
    status = models.CharField(max_length=20, choices=ConflictStatus.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["nomination", "member"]
        constraints = [
            models.UniqueConstraint(fields=["nomination", "member"], name="one_conflict_per_pair")
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()}: {self.member.user} / {self.nomination}"

    @property
    def blocks(self) -> bool:
        return self.status in BLOCKING_STATUSES
