"""A nomination's states, and the names nominators see for them."""

from django.db import models

from nominations.models.cycle import CycleState


class NominationState(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    WITHDRAWN = "withdrawn", "Withdrawn"
    VETTING = "vetting", "Vetting"
    RETURNED = "returned", "Returned for information"
    INELIGIBLE = "ineligible", "Ineligible"
    CLEARED = "cleared", "Cleared"
    IN_REVIEW = "in_review", "In panel review"
    SHORTLISTED = "shortlisted", "Shortlisted"
    NOT_ADVANCED = "not_advanced", "Not advanced"
    SELECTED = "selected", "Selected"
    NOT_SELECTED = "not_selected", "Not selected"
    AWARDED = "awarded", "Awarded"


# Nominations the panel has reviewed or is reviewing: they have panel reviews and a
# discussion to show staff.
PANEL_REVIEWED_STATES = frozenset(
    {
        NominationState.IN_REVIEW,
        NominationState.SHORTLISTED,
        NominationState.NOT_ADVANCED,
        NominationState.SELECTED,
        NominationState.NOT_SELECTED,
        NominationState.AWARDED,
    }
)

# What a nominator sees. Panel and selection outcomes stay "Decision pending" until the
# cycle is announced, so no decision leaks before its time.
PUBLIC_STATE_NAMES = {
    NominationState.DRAFT: "Draft",
    NominationState.SUBMITTED: "Received",
    NominationState.WITHDRAWN: "Withdrawn",
    NominationState.VETTING: "Under review",
    NominationState.RETURNED: "More information requested",
    NominationState.INELIGIBLE: "Not eligible",
    NominationState.CLEARED: "Under review",
    NominationState.IN_REVIEW: "Under review",
    NominationState.SHORTLISTED: "Decision pending",
    NominationState.NOT_ADVANCED: "Decision pending",
    NominationState.SELECTED: "Decision pending",
    NominationState.NOT_SELECTED: "Decision pending",
    NominationState.AWARDED: "Awarded",
}
PUBLIC_STATE_NAMES_AFTER_ANNOUNCEMENT = {
    NominationState.NOT_ADVANCED: "Not selected",
    NominationState.NOT_SELECTED: "Not selected",
    NominationState.SELECTED: "Selected",
}
DECIDED_CYCLE_STATES = {CycleState.ANNOUNCED, CycleState.ARCHIVED}
