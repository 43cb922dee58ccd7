"""The reviews app's states, statuses and other choice sets.

A leaf module: it imports only `django.db.models`, so the models, rules, selectors,
services and views (and the apps above reviews) can name a state without loading the
models. Compare and filter with these members, never with the bare strings.
"""

from django.db import models


class ReviewState(models.TextChoices):
    """`Review.state`: a draft until the panelist submits it (see `Review.submit`)."""

    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"


class ConflictStatus(models.TextChoices):
    """`Conflict.status`: who recorded the conflict and what staff decided."""

    SUGGESTED = "suggested", "Suggested by the system"
    DECLARED = "declared", "Declared by the panelist"
    CONFIRMED = "confirmed", "Confirmed by staff"
    DISMISSED = "dismissed", "Dismissed by staff"
    WAIVED = "waived", "Waived by staff"
    PARTY = "party", "Party to the nomination"


class ConflictKind(models.TextChoices):
    EMPLOYMENT = "employment", "Employment or negotiation for employment"
    RELATIVE = "relative", "Close relative or household member"
    ASSOCIATE = "associate", "Close professional associate"
    FINANCIAL = "financial", "Financial interest"
    PARTY = "party", "Party to the nomination"
    OTHER = "other", "Other"


class AssignmentSource(models.TextChoices):
    AUTOMATIC = "automatic", "Balanced assignment"
    MANUAL = "manual", "Added by staff"


# A panelist with one of these cannot open the nomination and their score never counts.
# PARTY is recorded by the system for a panelist who is a party to the nomination (its
# nominator, the nominee's contact, an endorser, the nominee: nominations/domain/parties.py);
# nobody can dismiss or waive it.
BLOCKING_STATUSES = frozenset(
    {ConflictStatus.DECLARED, ConflictStatus.CONFIRMED, ConflictStatus.PARTY}
)
# The assignment never pairs these; a suggestion waits for staff before it is assigned.
UNASSIGNABLE_STATUSES = BLOCKING_STATUSES | {ConflictStatus.SUGGESTED}

__all__ = [
    "BLOCKING_STATUSES",
    "UNASSIGNABLE_STATUSES",
    "AssignmentSource",
    "ConflictKind",
    "ConflictStatus",
    "ReviewState",
]
