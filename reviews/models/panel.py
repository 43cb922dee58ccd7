"""A cycle's review panel, the invitations to sit on it, and the seats of its members."""

from django.conf import settings
from django.db import models

from nominations.models import Cycle

DEFAULT_ATTESTATION = (
    "I will keep confidential every nomination, letter, score and discussion I see as a "
    "member of this panel, and use them only to review the nominations. Before I review a "
    "nomination I will declare any conflict of interest: employment or negotiation for "
    "employment with the nominee or the nominator, a close relative or household member "
    "involved, a close professional association, a financial interest, or anything else "
    "that would make a reasonable person question my impartiality. I will not take part "
    "in reviewing or discussing a nomination I am conflicted on."
)


class Panel(models.Model):
    """The review panel of one cycle: its statement, and how its review runs.

    One panel per cycle; staff set it up from the cycle's panel page.
    """

    cycle = models.OneToOneField(Cycle, on_delete=models.CASCADE, related_name="panel")
    attestation_text = models.TextField(
        default=DEFAULT_ATTESTATION,
        help_text="The conflict-of-interest and confidentiality statement panelists sign.",
    )
    reviewers_per_nomination = models.PositiveSmallIntegerField(
        default=3, help_text="How many panelists score each nomination (k)."
    )
    max_per_panelist = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="The most nominations one panelist is assigned; blank for no cap.",
    )
    review_due = models.DateField(
        null=True, blank=True, help_text="The date panelists should submit their scores by."
    )
    blind_review = models.BooleanField(
        default=False, help_text="Hide the nominator's identity from panelists."
    )
    show_scores_after_submit = models.BooleanField(
        default=False,
        help_text="Let a panelist see the other panelists' scores of a nomination once they "
        "have submitted their own.",
    )

    def __str__(self) -> str:
        return f"Panel for {self.cycle}"


class PanelInvitation(models.Model):
    """An emailed invitation to join a panel. Only a hash of its single-use token is kept."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    full_name = models.CharField(max_length=200, blank=True)
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
        ordering = ["panel", "-created_at", "pk"]

    def __str__(self) -> str:
        return f"Invitation of {self.email} to {self.panel}"


class PanelMember(models.Model):
    """A panelist's seat on a panel, with their signed attestation.

    A removed member keeps the row (and their submitted reviews, which stay marked);
    `removed_at` says they no longer see or score anything.
    """

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="panel_seats"
    )
    is_chair = models.BooleanField(default=False)
    joined_at = models.DateTimeField(auto_now_add=True)
    attested_at = models.DateTimeField(null=True, blank=True)
    attestation_name = models.CharField(max_length=200, blank=True, help_text="Typed full name.")
    attestation_statement = models.TextField(
        blank=True, help_text="The statement as it read when the panelist signed it."
    )
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    removal_reason = models.TextField(blank=True)
    last_reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["panel", "user__email"]
        constraints = [models.UniqueConstraint(fields=["panel", "user"], name="one_seat_per_panel")]

    def __str__(self) -> str:
        return f"{self.user} on {self.panel}"

    @property
    def is_active(self) -> bool:
        return self.removed_at is None

    @property
    def has_attested(self) -> bool:
        return self.attested_at is not None
