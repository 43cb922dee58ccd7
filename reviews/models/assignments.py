"""Which panelist scores which nomination."""

from django.conf import settings
from django.db import models

from nominations.models import Nomination
from reviews.models.panel import PanelMember
from reviews.states import AssignmentSource


class Assignment(models.Model):
    """A panelist asked to score one nomination; declined ones stay, with the reason."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="assignments")
    member = models.ForeignKey(PanelMember, on_delete=models.CASCADE, related_name="assignments")
    source = models.CharField(
        max_length=20, choices=AssignmentSource.choices, default=AssignmentSource.MANUAL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    declined_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["nomination", "member"]
        constraints = [
            models.UniqueConstraint(fields=["nomination", "member"], name="one_assignment_per_pair")
        ]

    def __str__(self) -> str:
        return f"{self.member.user} → {self.nomination}"

    @property
    def is_declined(self) -> bool:
        return self.declined_at is not None
