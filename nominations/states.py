"""The states of the nominations app's workflow objects, and the names nominators see.

A leaf module: it imports nothing of the project, so models, rules, selectors and other
apps can all name a state without a string literal."""

from django.db import models


class CycleState(models.TextChoices):
    SETUP = "setup", "Setting up"
    OPEN = "open", "Open for nominations"
    CLOSED = "closed", "Closed"
    REVIEW = "review", "Panel review"
    SELECTION = "selection", "Selection"
    ANNOUNCED = "announced", "Announced"
    ARCHIVED = "archived", "Archived"


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


# Submitted nominations staff have not yet cleared or ruled out.
VETTING_STATES = frozenset(
    {NominationState.SUBMITTED, NominationState.VETTING, NominationState.RETURNED}
)

# States no transition leaves: the nomination's route is over. Withdrawn, ineligible and
# awarded are final when reached. Not advanced and not selected are final too: the decision
# is made when the nomination enters them, and nothing on the nomination can undo it; the
# announcement (a move of the cycle, not of the nomination) only makes it public. Every
# other state has a way forward for someone (tests/nominations/test_state_table.py), and
# every one but a draft a way that waits on nobody but staff or the official.
FINAL_STATES = frozenset(
    {
        NominationState.WITHDRAWN,
        NominationState.INELIGIBLE,
        NominationState.NOT_ADVANCED,
        NominationState.NOT_SELECTED,
        NominationState.AWARDED,
    }
)

# The nominations on a slate sent to the selecting official, decided on or not: until the
# announcement, whether one was selected is private, so a party to any of them may not see
# which were (the announce pages, the press statement's draft, the schedule).
ON_SLATE_STATES = frozenset(
    {NominationState.SHORTLISTED, NominationState.SELECTED, NominationState.NOT_SELECTED}
)

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

# What a nominator sees. From the start of vetting until the announcement the name
# moves only on what the nominator is told (a request for information, a finding of
# ineligibility): clearing, the panel, the slate and the selecting official's decision
# all stay "Under review", so neither a decision nor its timing shows before its time.
PUBLIC_STATE_NAMES = {
    NominationState.DRAFT: "Draft",
    NominationState.SUBMITTED: "Received",
    NominationState.WITHDRAWN: "Withdrawn",
    NominationState.VETTING: "Under review",
    NominationState.RETURNED: "More information requested",
    NominationState.INELIGIBLE: "Not eligible",
    NominationState.CLEARED: "Under review",
    NominationState.IN_REVIEW: "Under review",
    NominationState.SHORTLISTED: "Under review",
    NominationState.NOT_ADVANCED: "Under review",
    NominationState.SELECTED: "Under review",
    NominationState.NOT_SELECTED: "Under review",
    NominationState.AWARDED: "Awarded",
}
PUBLIC_STATE_NAMES_AFTER_ANNOUNCEMENT = {
    NominationState.NOT_ADVANCED: "Not selected",
    NominationState.NOT_SELECTED: "Not selected",
    NominationState.SELECTED: "Selected",
}
DECIDED_CYCLE_STATES = {CycleState.ANNOUNCED, CycleState.ARCHIVED}
# Cycles staff are still working on: "current" on every staff page. An announced cycle
# is done (its certificates and record are looked after from its own page).
IN_PROGRESS_CYCLE_STATES = frozenset(
    {
        CycleState.SETUP,
        CycleState.OPEN,
        CycleState.CLOSED,
        CycleState.REVIEW,
        CycleState.SELECTION,
    }
)


class EndorsementState(models.TextChoices):
    """The stored states. "Expired" is not stored: a request is expired when it is still
    `requested` and its `expires_at` has passed, so no job has to flip it at midnight."""

    REQUESTED = "requested", "Requested"
    RECEIVED = "received", "Received"
    CANCELLED = "cancelled", "Cancelled"


class CertificateStatus(models.TextChoices):
    VALID = "valid", "Valid"
    SUPERSEDED = "superseded", "Superseded"
    REVOKED = "revoked", "Revoked"


class OutboxStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
