"""A panelist's scores of one nomination, their submitted versions, and the discussion."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django_fsm import FSMField, FSMModelMixin, transition

from core.workflow import no_blockers, permitted_by
from nominations.models import Nomination
from reviews.domain.scale import SCORE_CHOICES, SCORE_MAX, SCORE_MIN
from reviews.models.panel import PanelMember
from reviews.states import ReviewState


def _can_submit_review(user, review: "Review") -> bool:
    # reviews.rules reads these models, so it is imported when a permission is asked.
    from reviews.rules import can_submit_review

    return can_submit_review(user, review)


class Review(FSMModelMixin, models.Model):
    """One panelist's review of one nomination: a draft until submitted.

    `criterion_scores` maps a rubric criterion's id (as a string, JSON keys are strings)
    to its score (`reviews.domain.scale`). `revision` increases on every save, so two
    tabs autosaving the same draft cannot silently overwrite each other; `editor_page`
    lets a page's own button click follow its own autosave still in flight (see
    `reviews.services.reviews`).

    `state` is protected: only `submit` changes it (through `review_submit`). Only the
    review's panelist acts on it, under the row locks and the revision check of
    `reviews.services.reviews`, so it needs no ConcurrentTransitionMixin; FSMModelMixin
    lets `refresh_from_db` reload the protected state.
    """

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="reviews")
    member = models.ForeignKey(PanelMember, on_delete=models.PROTECT, related_name="reviews")
    state = FSMField(
        max_length=20, choices=ReviewState.choices, default=ReviewState.DRAFT, protected=True
    )
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

    # -- guards: each returns the reasons a transition cannot happen yet -----------------

    def submit_blockers(self) -> list[str]:
        """The panel must be scoring the nomination (cycle and nomination in review).
        Reads `self.nomination.cycle`: the service passes the copies it locked."""
        from reviews.rules import SCORING_CLOSED_MESSAGE, scoring_open  # rules reads models

        return [] if scoring_open(self.nomination) else [SCORING_CLOSED_MESSAGE]

    # -- transitions: only in-memory changes here; the service saves, versions and audits -

    @transition(
        field=state,
        # A submitted review is submitted again, as its next version, when it changes.
        source=[ReviewState.DRAFT, ReviewState.SUBMITTED],
        target=ReviewState.SUBMITTED,
        conditions=[no_blockers("submit_blockers")],
        permission=permitted_by(_can_submit_review),
    )
    def submit(self) -> None:
        self.submitted_at = timezone.now()


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
