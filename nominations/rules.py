"""Who may do what to which object. Used by transitions, services, views and templates.

Transition permissions are called by django-fsm as `permission(instance, user)`.
"""

from accounts.rules import is_award_staff, is_nominator, is_panelist, is_selecting_official

__all__ = [
    "can_change_attachments",
    "can_download_nomination_files",
    "can_manage_cycle",
    "can_manage_endorsements",
    "can_select",
    "can_vet",
    "can_view_nomination",
    "nomination_accepts_letters",
    "is_award_staff",
    "is_nomination_owner",
    "is_nominator",
    "is_panelist",
    "is_selecting_official",
]


def is_nomination_owner(nomination, user) -> bool:
    return bool(user and user.is_authenticated and nomination.nominator_id == user.pk)


def can_manage_cycle(cycle, user) -> bool:
    return is_award_staff(user)


def can_vet(nomination, user) -> bool:
    """Award staff, on anyone's nomination but their own (everyone may also nominate)."""
    return is_award_staff(user) and not is_nomination_owner(nomination, user)


def can_select(nomination, user) -> bool:
    """The selecting official, on anyone's nomination but their own."""
    return is_selecting_official(user) and not is_nomination_owner(nomination, user)


def can_view_nomination(user, nomination) -> bool:
    """Owner and award staff. Panel access is decided in reviews/rules.py."""
    return is_nomination_owner(nomination, user) or is_award_staff(user)


# -- attachments and letters of support -------------------------------------------------
# State names are written out: this module is imported by the models, so it cannot
# import NominationState.

# The nominator may add or remove attachments while the nomination is theirs to edit.
ATTACHMENT_STATES = frozenset({"draft", "returned"})
# Letters can be requested, resent and cancelled until vetting starts, and again while
# the nomination is returned for more information.
ENDORSEMENT_STATES = frozenset({"draft", "submitted", "returned"})


def can_download_nomination_files(user, nomination) -> bool:
    """Attachments and received letters: the owner and award staff, nobody else."""
    return is_nomination_owner(nomination, user) or is_award_staff(user)


def can_change_attachments(user, nomination) -> bool:
    return is_nomination_owner(nomination, user) and nomination.state in ATTACHMENT_STATES


def can_manage_endorsements(user, nomination) -> bool:
    return is_nomination_owner(nomination, user) and nomination.state in ENDORSEMENT_STATES


# An endorser's link works while the nomination is still being considered for vetting:
# a letter requested before submit may arrive while staff vet it.
LETTER_STATES = frozenset({"draft", "submitted", "returned", "vetting"})


def nomination_accepts_letters(nomination) -> bool:
    return nomination.state in LETTER_STATES
