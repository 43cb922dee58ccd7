"""A panelist's scores of one nomination, their submitted versions, and the discussion."""

from django.conf import settings
from django.db import models

from nominations.models import Nomination
from reviews.domain.scale import SCORE_CHOICES, SCORE_MAX, SCORE_MIN
from reviews.models.panel import PanelMember
from reviews.states import ReviewState


class Review(models.Model):
    """One panelist's review of one nomination: a draft until submitted.

    `criterion_scores` maps a rubric criterion's id (as a string, JSON keys are strings)
    to its score (`reviews.domain.scale`). `revision` increases on every save, so two
    tabs autosaving the same draft cannot silently overwrite each other; `editor_page`
    lets a page's own button click follow its own autosave still in flight (see
    `reviews.services.reviews`).
    """

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="reviews")
    member = models.ForeignKey(PanelMember, on_delete=models.PROTECT, related_name="reviews")
    state = models.CharField(max_length=20, choices=ReviewState.choices, default=ReviewState.DRAFT)
    overall = models.PositiveSmallIntegerField(null=True, blank=True, choices=SCORE_CHOICES)
    criterion_scores = models.JSONField(default=dict, blank=True)
    strengths = models.TextField(blank=True)
    weaknesses = models.TextField(blank=True)
    revision = models.PositiveIntegerField(default=1)
    editor_page = models.CharField(
        max_length=32,
        blank=True,
        editable=False,
        help_text="A random id of the page (browser tab) that saved the review last.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["nomination", "member"]
        constraints = [
            models.UniqueConstraint(fields=["nomination", "member"], name="one_review_per_pair"),
            models.CheckConstraint(
                condition=models.Q(overall__isnull=True)
                | models.Q(overall__range=(SCORE_MIN, SCORE_MAX)),
                name="overall_score_1_to_9",
            ),
        ]

    def __str__(self) -> str:
        return f"Review of {self.nomination} by {self.member.user}"

    @property
    def is_submitted(self) -> bool:
        return self.state == ReviewState.SUBMITTED


class ReviewVersion(models.Model):
    """A submitted review as it stood at each submission, kept until the review closes."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    snapshot = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["review", "number"]
        constraints = [
            models.UniqueConstraint(fields=["review", "number"], name="one_review_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.review} v{self.number}"


class Comment(models.Model):
    """A discussion comment on a nomination, seen by staff and the non-conflicted panel.

    The author may edit it for a short grace period (`reviews.services.discussion`);
    after that it is fixed.
    """

    nomination = models.ForeignKey(
        Nomination, on_delete=models.CASCADE, related_name="panel_comments"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["nomination", "created_at", "pk"]

    def __str__(self) -> str:
        return f"Comment by {self.author} on {self.nomination}"
