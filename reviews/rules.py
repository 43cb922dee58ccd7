"""Who may do what in panel review. Role predicates come from accounts.rules.

A panelist's access to a nomination goes through their *seat* (`PanelMember`) on the
nomination's cycle panel:
- an active seat (not removed) whose attestation is signed sees the panel's nominations
  (`can_open_nomination`), their files and their discussion, unless a blocking conflict
  (declared by them or confirmed by staff) stands between the seat and the nomination;
- an unsigned seat sees only the attestation;
- scoring additionally needs an assignment the panelist has not declined, a cycle in
  panel review and a nomination in review (`can_score`).
Award staff see everything of every panel, except the panel's data on a nomination they
are a party to (`can_handle_panel_nomination`); the chair of a panel also sees its results.

A party to a nomination (its nominator, the nominee's contact, an endorser asked for a
letter, an individual nominee: `nominations.rules.is_party_to`) is never on the panel's
side of it: for a panelist it is a blocking conflict whether or not a Conflict row records
it yet (`is_blocked_by_conflict`), and for staff it closes every panel action and read on
that nomination.
"""

from datetime import datetime, timedelta

from django.utils import timezone

from accounts.rules import is_award_staff, is_panelist
from nominations.rules import is_party_to
from reviews.models import Assignment, Conflict, PanelMember
from reviews.states import BLOCKING_STATUSES

__all__ = [
    "ASSIGNMENT_CYCLE_STATES",
    "ASSIGNMENT_NOMINATION_STATES",
    "COMMENT_GRACE",
    "CONFLICTS_CLOSED_MESSAGE",
    "PANEL_CYCLE_STATES",
    "PANEL_NOMINATION_STATES",
    "SCORING_CLOSED_MESSAGE",
    "SCORING_CYCLE_STATE",
    "SCORING_NOMINATION_STATE",
    "can_comment",
    "can_decide_conflict",
    "can_declare_conflict",
    "can_declare_existing_conflict",
    "can_decline_assignment",
    "can_edit_comment",
    "can_handle_panel_nomination",
    "can_manage_panel",
    "can_open_nomination",
    "can_score",
    "can_sign_attestation",
    "can_submit_review",
    "can_view_panel_home",
    "can_view_results",
    "conflicts_may_change",
    "is_award_staff",
    "is_blocked_by_conflict",
    "is_panelist",
    "scoring_blocker",
    "scoring_open",
    "seat_for",
    "signed_seat_on",
    "why_cannot_score",
]

# Panelists see a cycle's cleared nominations from when vetting ends until the decision.
PANEL_CYCLE_STATES = frozenset({"closed", "review", "selection"})
PANEL_NOMINATION_STATES = frozenset(
    {"cleared", "in_review", "shortlisted", "not_advanced", "selected", "not_selected", "awarded"}
)
SCORING_CYCLE_STATE = "review"
SCORING_NOMINATION_STATE = "in_review"
SCORING_CLOSED_MESSAGE = (
    "The panel review of this nomination is closed, so reviews cannot be changed."
)


def can_view_panel_home(user) -> bool:
    """Panelists see the panels they sit on; what is on each depends on their seat."""
    return is_panelist(user)


def can_manage_panel(user, cycle=None) -> bool:
    """Invitations, chair, removal, conflicts decisions, assignment, reminders: staff."""
    return is_award_staff(user)


def can_handle_panel_nomination(user, nomination) -> bool:
    """Staff acting on, or reading the panel's data of, one nomination (its conflicts,
    assignments, reviews, scores, discussion): any member of staff who is not a party to
    it."""
    return is_award_staff(user) and not is_party_to(user, nomination)


def seat_for(user, cycle) -> PanelMember | None:
    """The user's active seat on the cycle's panel, or None. One query."""
    if not is_panelist(user):
        return None
    return (
        PanelMember.objects.filter(panel__cycle=cycle, user=user, removed_at__isnull=True)
        .select_related("panel")
        .first()
    )


def is_blocked_by_conflict(member: PanelMember, nomination, *, user=None) -> bool:
    """A declared, staff-confirmed or party conflict, or the panelist being a party to the
    nomination even before a conflict records it: the panelist may not open or score it.
    Pass `user` when the seat's user is already loaded (the request's)."""
    return is_party_to(user or member.user, nomination) or (
        Conflict.objects.filter(
            member=member, nomination=nomination, status__in=BLOCKING_STATUSES
        ).exists()
    )


def can_open_nomination(user, nomination, *, seat: PanelMember | None = None) -> bool:
    """Staff who are not a party to it; a panelist with a signed, active seat and no
    blocking conflict.

    Opening covers the nomination, its attachments and letters, and its discussion.
    """
    if is_award_staff(user):
        return can_handle_panel_nomination(user, nomination)
    if (
        nomination.state not in PANEL_NOMINATION_STATES
        or nomination.cycle.state not in PANEL_CYCLE_STATES
    ):
        return False
    seat = seat or seat_for(user, nomination.cycle)
    if (
        seat is None
        or seat.user_id != user.pk
        or seat.removed_at is not None
        or seat.attested_at is None
    ):
        return False
    return not is_blocked_by_conflict(seat, nomination, user=user)


def can_score(user, nomination, *, seat: PanelMember | None = None) -> bool:
    """An assigned panelist who may open the nomination, while the panel is scoring:
    `why_cannot_score` has no reason against it. One rule, so the verdict and the
    reason shown for it cannot disagree."""
    return not why_cannot_score(user, nomination, seat=seat)


def may_view_some_results(user) -> bool:
    """Whether any cycle's results could be open to the user: staff, or a panelist (who
    may chair a panel). Asked before a cycle is looked up, so that nobody else learns
    which cycles exist."""
    return is_award_staff(user) or is_panelist(user)


def can_view_results(user, cycle) -> bool:
    """Staff, and the chair of the cycle's panel once they have signed."""
    if is_award_staff(user):
        return True
    seat = seat_for(user, cycle)
    return bool(seat and seat.is_chair and seat.attested_at)


# -- the scoring page and the discussion --------------------------------------------------

# The author of a discussion comment may change it for this long after posting it.
COMMENT_GRACE = timedelta(minutes=10)


def scoring_blocker(*, nomination, seat: PanelMember | None, assigned: bool, declined: bool) -> str:
    """Why the seat may not score the nomination now, in the panelist's words; "" if it may.

    Pure: the caller has loaded the seat and its assignment (and checked, through
    `can_open_nomination`, that the seat may open the nomination at all).
    """
    if seat is None:
        return "You do not have a seat on this nomination’s panel, so you cannot score it."
    if nomination.cycle.state != SCORING_CYCLE_STATE:
        return "The panel is not scoring at the moment, so reviews cannot be changed."
    if nomination.state != SCORING_NOMINATION_STATE:
        return "This nomination is no longer in panel review, so its reviews cannot be changed."
    if declined:
        return "You declined this assignment, so you cannot score this nomination."
    if not assigned:
        return (
            "You are not assigned to score this nomination. You can read it and its "
            "discussion, but only its assigned panelists score it."
        )
    return ""


def why_cannot_score(user, nomination, *, seat: PanelMember | None = None) -> str:
    """`scoring_blocker` for a user, loading what it needs; "" when the user may score."""
    seat = seat or seat_for(user, nomination.cycle)
    if (
        seat is None
        or seat.user_id != user.pk
        or not can_open_nomination(user, nomination, seat=seat)
    ):
        return "You cannot open this nomination, so you cannot score it."
    assignment = Assignment.objects.filter(member=seat, nomination=nomination).first()
    return scoring_blocker(
        nomination=nomination,
        seat=seat,
        assigned=assignment is not None,
        declined=bool(assignment and assignment.declined_at),
    )


def scoring_open(nomination) -> bool:
    """Whether the panel is scoring the nomination: the cycle in panel review and the
    nomination in review (`Review.submit`'s guard)."""
    return (
        nomination.cycle.state == SCORING_CYCLE_STATE
        and nomination.state == SCORING_NOMINATION_STATE
    )


def can_submit_review(user, review) -> bool:
    """`Review.submit`'s permission: the review's own panelist, on an active seat of the
    nomination's panel, while they may score it (`why_cannot_score`)."""
    member = review.member
    nomination = review.nomination
    return (
        member.user_id == user.pk
        and member.removed_at is None
        and member.panel.cycle_id == nomination.cycle_id
        and not why_cannot_score(user, nomination, seat=member)
    )


def can_comment(user, nomination, *, may_open: bool | None = None) -> bool:
    """Staff and the non-conflicted panel, while the panel is scoring (cycle in review).

    Pass `may_open` when `can_open_nomination` was already decided for this user.
    """
    if nomination.cycle.state != SCORING_CYCLE_STATE:
        return False
    return can_open_nomination(user, nomination) if may_open is None else may_open


def can_edit_comment(user, comment, *, now: datetime | None = None) -> bool:
    """Only its author, within COMMENT_GRACE of posting it."""
    now = now or timezone.now()
    return comment.author_id == user.pk and now < comment.created_at + COMMENT_GRACE


# -- conflicts and assignment ---------------------------------------------------------------

# Staff assign panelists from when vetting ends until panel review closes, to nominations
# cleared for the panel or in review.
ASSIGNMENT_CYCLE_STATES = frozenset({"closed", "review"})
ASSIGNMENT_NOMINATION_STATES = frozenset({"cleared", "in_review"})


def signed_seat_on(user, panel) -> PanelMember | None:
    """The user's active seat on `panel` if they have signed its attestation. One query."""
    if not is_panelist(user):
        return None
    return (
        PanelMember.objects.filter(
            panel=panel, user=user, removed_at__isnull=True, attested_at__isnull=False
        )
        .select_related("panel__cycle", "user")
        .first()
    )


# Conflicts are declared and decided only while assignments may change: once panel review
# closes, a new or waived conflict would silently change the ranked results.
CONFLICTS_CLOSED_MESSAGE = (
    "Panel review of this cycle has closed, so conflicts of interest can no longer be "
    "declared or decided: the results stand as the panel scored them."
)


def conflicts_may_change(cycle) -> bool:
    """Whether the cycle's conflicts may be declared, suggested or decided now."""
    return cycle.state in ASSIGNMENT_CYCLE_STATES


def can_declare_conflict(user, nomination, *, seat: PanelMember | None = None) -> bool:
    """A panelist with an active, signed seat on the nomination's panel, while the panel
    sees the nomination and conflicts may change (the cycle closed or in review).
    Declaring needs no assignment, and an existing conflict does not stop a panelist from
    declaring (the service says what is already recorded)."""
    if nomination.state not in PANEL_NOMINATION_STATES or not conflicts_may_change(
        nomination.cycle
    ):
        return False
    seat = seat or seat_for(user, nomination.cycle)
    return bool(seat and seat.user_id == user.pk and seat.attested_at and seat.removed_at is None)


def can_declare_existing_conflict(user, conflict) -> bool:
    """`Conflict.declare`'s permission: `can_declare_conflict` for the conflict's own
    panelist, on a seat of the nomination's panel."""
    member = conflict.member
    nomination = conflict.nomination
    return member.panel.cycle_id == nomination.cycle_id and can_declare_conflict(
        user, nomination, seat=member
    )


def can_decide_conflict(user, conflict) -> bool:
    """The permission of `Conflict.confirm`, `dismiss` and `waive`: award staff who are
    not a party to the nomination."""
    return can_manage_panel(user) and can_handle_panel_nomination(user, conflict.nomination)


def can_decline_assignment(user, assignment: Assignment) -> bool:
    """The assigned panelist, on an active, signed seat, while assignments may change."""
    member = assignment.member
    nomination = assignment.nomination
    return (
        is_panelist(user)
        and member.user_id == user.pk
        and member.removed_at is None
        and member.attested_at is not None
        and nomination.state in ASSIGNMENT_NOMINATION_STATES
        and nomination.cycle.state in ASSIGNMENT_CYCLE_STATES
    )


# -- panel membership and attestation ----------------------------------------------------------


def can_sign_attestation(user, member: PanelMember) -> bool:
    """The seat's own panelist, while the seat is active (not removed)."""
    return (
        user is not None
        and user.is_authenticated
        and is_panelist(user)
        and member.user_id == user.pk
        and member.removed_at is None
    )
