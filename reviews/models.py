from django.conf import settings
from django.db import models

from nominations.models import Cycle, Nomination


class Panel(models.Model):
    """The review panel of one cycle, with the statement its members must sign."""

    cycle = models.OneToOneField(Cycle, on_delete=models.CASCADE, related_name="panel")
    attestation_text = models.TextField(
        help_text="The conflict-of-interest and confidentiality statement panelists sign."
    )
    reviewers_per_nomination = models.PositiveSmallIntegerField(default=3)

    def __str__(self) -> str:
        return f"Panel for {self.cycle}"


class PanelMember(models.Model):
    """A panelist's seat on a panel, with their signed attestation."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="panel_seats"
    )
    is_chair = models.BooleanField(default=False)
    attested_at = models.DateTimeField(null=True, blank=True)
    attestation_name = models.CharField(max_length=200, blank=True, help_text="Typed full name.")
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["panel", "user__email"]
        constraints = [models.UniqueConstraint(fields=["panel", "user"], name="one_seat_per_panel")]

    def __str__(self) -> str:
        return f"{self.user} on {self.panel}"


class Assignment(models.Model):
    """A panelist asked to score one nomination."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="assignments")
    member = models.ForeignKey(PanelMember, on_delete=models.CASCADE, related_name="assignments")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["nomination", "member"]
        constraints = [
            models.UniqueConstraint(fields=["nomination", "member"], name="one_assignment_per_pair")
        ]

    def __str__(self) -> str:
        return f"{self.member.user} → {self.nomination}"
