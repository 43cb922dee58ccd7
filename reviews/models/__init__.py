from reviews.models.assignments import Assignment, AssignmentSource
from reviews.models.conflicts import (
    BLOCKING_STATUSES,
    UNASSIGNABLE_STATUSES,
    Conflict,
    ConflictKind,
    ConflictStatus,
)
from reviews.models.panel import DEFAULT_ATTESTATION, Panel, PanelInvitation, PanelMember
from reviews.models.review import Comment, Review, ReviewState, ReviewVersion

__all__ = [
    "BLOCKING_STATUSES",
    "DEFAULT_ATTESTATION",
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
