from reviews.models.assignments import Assignment
from reviews.models.conflicts import Conflict
from reviews.models.figures import NominationFigures, PanelistFigures
from reviews.models.panel import DEFAULT_ATTESTATION, Panel, PanelInvitation, PanelMember
from reviews.models.review import Comment, Review, ReviewVersion

# The app's states and other choice sets live in the leaf module reviews.states.
__all__ = [
    "DEFAULT_ATTESTATION",
    "Assignment",
    "Comment",
    "Conflict",
    "NominationFigures",
    "Panel",
    "PanelInvitation",
    "PanelMember",
    "PanelistFigures",
    "Review",
    "ReviewVersion",
]
