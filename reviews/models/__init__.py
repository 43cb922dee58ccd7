from reviews.models.assignments import Assignment, AssignmentSource
from reviews.models.conflicts import (
    BLOCKING_STATUSES,
    UNASSIGNABLE_STATUSES,
    Conflict,
    ConflictKind,
    ConflictStatus,
)
from reviews.models.panel import DEFAULT_ATTESTATION, Panel, PanelInvitation, PanelMember
from reviews.models.review import (
    SCORE_CHOICES,
    SCORE_DESCRIPTORS,
    Comment,
    Review,
    ReviewState,
    ReviewVersion,
)

__all__ = [
    "BLOCKING_STATUSES",
    "DEFAULT_ATTESTATION",
    "SCORE_CHOICES",
    "SCORE_DESCRIPTORS",
    "UNASSIGNABLE_STATUSES",
    "Assignment",
    "AssignmentSource",
    "Comment",
    "Conflict",
    "ConflictKind",
    "ConflictStatus",
    "Panel",
    "PanelInvitation",
    "PanelMember",
    "Review",
    "ReviewState",
    "ReviewVersion",
]
