from reviews.models.assignments import Assignment
from reviews.models.conflicts import Conflict
from reviews.models.panel import DEFAULT_ATTESTATION, Panel, PanelInvitation, PanelMember
from reviews.models.review import Comment, Review, ReviewVersion

# The app's states and other choice sets live in the leaf module reviews.states.
__all__ = [
    "DEFAULT_ATTESTATION",
    "Assignment",
    "Comment",
    "Conflict",
    "Panel",
    "PanelInvitation",
    "PanelMember",
    "Review",
    "ReviewVersion",
]
