"""Who may do what to which object. Used by transitions, services, views and templates.

Transition permissions are called by django-fsm as `permission(instance, user)`.
"""

from accounts.rules import is_award_staff, is_nominator, is_panelist, is_selecting_official
from nominations.domain.parties import (
    NominationSides,
    Person,
    individual_name,
    mailboxes,
    party_reasons,
)

__all__ = [
    "can_change_attachments",
    "can_download_nomination_files",
    "can_manage_cycle",
    "can_manage_program",
    "can_manage_endorsements",
    "can_read_for_selection",
    "can_select",
    "can_vet",
    "nomination_accepts_letters",
    "is_award_staff",
    "forget_parties",
    "is_nomination_owner",
    "is_party_to",
    "letter_arrives_after_vetting",
    "party_reasons_of",
    "is_nominator",
    "is_panelist",
    "is_selecting_official",
]


def is_nomination_owner(user, nomination) -> bool:
    return bool(user and user.is_authenticated and nomination.nominator_id == user.pk)


def can_manage_cycle(user, cycle) -> bool:
    return is_award_staff(user)


def can_change_certificate_signature(user, cycle) -> bool:
    """The signature printed on the cycle's certificates may change until it is archived."""
    return can_manage_cycle(user, cycle) and cycle.state != "archived"


def can_manage_program(user, program) -> bool:
    """Changes what every cycle of the program shows, such as the seal on certificates."""
    return is_award_staff(user)


# -- parties: who stands on a nomination's side (nominations/domain/parties.py) ----------

# Letter requests that make their endorser a party: all but the cancelled ones. (State
# names are written out: this module is imported by the models.)
CANCELLED_ENDORSEMENT = "cancelled"


def person_of(user) -> Person:
    """The user's identity for the party rule, read once per user object and cached on it:
    the account's address and every other address allauth holds for it. One query, none
    when they were prefetched."""
    cached = getattr(user, "_party_person", None)
    if cached is None:
        emails = [user.email, *(address.email for address in user.emailaddress_set.all())]
        cached = Person(id=user.pk, emails=mailboxes(emails), full_name=user.full_name)
        user._party_person = cached
    return cached


def nomination_sides(nomination) -> NominationSides:
    """The nomination's people for the party rule, read once per nomination object and
    cached on it. One query (the letter requests), none when they were prefetched."""
    cached = getattr(nomination, "_party_sides", None)
    if cached is None:
        nominee = nomination.nominee
        cached = NominationSides(
            id=nomination.pk,
            nominator_id=nomination.nominator_id,
            contact_email=nominee.contact_email,
            endorser_emails=mailboxes(
                request.email
                for request in nomination.endorsement_requests.all()
                if request.state != CANCELLED_ENDORSEMENT
            ),
            individual_name=individual_name(
                is_individual=nominee.is_individual, full_name=nominee.full_name
            ),
        )
        nomination._party_sides = cached
    return cached


def forget_parties(nomination) -> None:
    """Drop the cached `nomination_sides` after a change to the nomination's people (a
    letter request made or cancelled, the nominee's contact edited)."""
    nomination.__dict__.pop("_party_sides", None)


def party_reasons_of(user, nomination) -> list[str]:
    """Why the user is a party to the nomination (see nominations/domain/parties.py)."""
    if user is None or not user.is_authenticated:
        return []
    return party_reasons(person_of(user), nomination_sides(nomination))


def is_party_to(user, nomination) -> bool:
    """The nominator, the nominee's contact, an endorser asked for a letter, or the
    individual nominee. A party never acts on the nomination or reads the panel's data on
    it, whatever their role."""
    return bool(party_reasons_of(user, nomination))


def can_vet(user, nomination) -> bool:
    """Award staff, on any nomination they are not a party to (everyone may also
    nominate, write a letter of support, or be nominated)."""
    return is_award_staff(user) and not is_party_to(user, nomination)


def can_select(user, nomination) -> bool:
    """The selecting official, on any nomination they are not a party to."""
    return is_selecting_official(user) and not is_party_to(user, nomination)


# The nominations the selecting official reads before deciding: those on the slate, and
# after the decision the ones decided, while the cycle is in selection.
SLATE_READING_STATES = frozenset({"shortlisted", "selected", "not_selected"})


def can_read_for_selection(user, nomination) -> bool:
    """The selecting official reads a slate nomination as entered, as a blind panel does
    (no files, nothing of the nominator), while the cycle is in selection, unless a party."""
    return (
        nomination.state in SLATE_READING_STATES
        and nomination.cycle.state == "selection"
        and can_select(user, nomination)
    )


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
    return is_nomination_owner(user, nomination) or is_award_staff(user)


def can_change_attachments(user, nomination) -> bool:
    return is_nomination_owner(user, nomination) and nomination.state in ATTACHMENT_STATES


def can_manage_endorsements(user, nomination) -> bool:
    return is_nomination_owner(user, nomination) and nomination.state in ENDORSEMENT_STATES


# An endorser's link works until it expires, is used or is cancelled, or until the
# nomination is withdrawn or found ineligible or its cycle announced: each something the
# nominator is told. No step of vetting, the panel or selection closes it, since a
# nominator who asked an address they control would otherwise learn of that step.
LETTER_CLOSED_STATES = frozenset({"withdrawn", "ineligible"})
LETTER_CLOSED_CYCLE_STATES = frozenset({"announced", "archived"})


# A letter that arrives once vetting is over is kept, and staff see it, but it is not put
# before the panel: nobody vetted it, and the nominator (who may control the endorser's
# address) must not add evidence after the nomination was cleared.
VETTED_LETTER_STATES = frozenset({"draft", "submitted", "returned", "vetting"})


def letter_arrives_after_vetting(nomination) -> bool:
    return nomination.state not in VETTED_LETTER_STATES


def nomination_accepts_letters(nomination) -> bool:
    return (
        nomination.state not in LETTER_CLOSED_STATES
        and nomination.cycle.state not in LETTER_CLOSED_CYCLE_STATES
    )
