"""Refusing a panelist access to a nomination, its files or its discussion.

Every refusal of a nomination-level panel page is audited: a conflicted panelist is
refused the nomination, its files and its discussion, and the refusal is recorded.
Views call `refuse_panel_access` after their rules check fails:

    if not rules.can_open_nomination(request.user, nomination):
        refuse_panel_access(request, nomination=nomination, what="scoring page")

The answer tells nobody that a nomination exists unless they could otherwise see it: a
nomination that was never sent to the user's panel (another cycle's, a draft, one still
being vetted, one of a cycle past selection) answers 404 Not Found, exactly as a missing
id does; only a member of the panel that sees the nomination is told, with a 403, why
this one is closed to them (a conflict, being a party to it, an attestation not yet
signed), and so is staff who are a party to it.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.rules import is_award_staff
from core.access import audit_refusal
from nominations.rules import is_party_to
from reviews import rules

PANEL_ACCESS_DENIED_ACTION = "panel.access_denied"


def refuse_panel_access(request, *, nomination, what: str) -> None:
    """Record a denied attempt on the nomination, then answer 403 or 404.

    Writes one AuditEvent (action "panel.access_denied", outcome "denied", the
    nomination as object, `what` plus the request's method and path as note). Raises
    PermissionDenied with the reason in plain words (`refusal_reason`), which the 403
    page shows, when the user may know the nomination exists
    (`may_know_of`); otherwise Http404, the answer to a missing id. Changes nothing else
    and schedules nothing. Never returns.
    """
    audit_refusal(
        request,
        action=PANEL_ACCESS_DENIED_ACTION,
        obj=nomination,
        note=f"{what}: {request.method} {request.path}",
    )
    if not may_know_of(request.user, nomination):
        raise Http404("No nomination found.")
    raise PermissionDenied(refusal_reason(request.user, nomination))


def may_know_of(user, nomination) -> bool:
    """Whether the user may learn that the nomination exists from a panel page: staff,
    and a panelist with an active seat on the panel the nomination was sent to (the
    nomination and its cycle at a stage where that panel sees nominations)."""
    if is_award_staff(user):
        return True
    if (
        nomination.state not in rules.PANEL_NOMINATION_STATES
        or nomination.cycle.state not in rules.PANEL_CYCLE_STATES
    ):
        return False
    return rules.seat_for(user, nomination.cycle) is not None


def refusal_reason(user, nomination) -> str:
    """Why a panel page of the nomination is closed to the user, in words fit to show them.

    Asked only of users who may know the nomination exists (`may_know_of`). Says nothing
    the user may not know: only their own seat, party and conflict.
    """
    if is_award_staff(user) and is_party_to(user, nomination):
        return (
            "You are a party to this nomination, so another member of award staff handles "
            "its panel review: its conflicts, assignments, reviews and scores are closed to you."
        )
    seat = rules.seat_for(user, nomination.cycle)
    if seat is not None and seat.attested_at is None:
        return (
            "Sign the panel's conflict-of-interest and confidentiality attestation first: "
            "your panel review page has the link."
        )
    if is_party_to(user, nomination):
        return (
            "You are a party to this nomination (you made it, are its nominee or the "
            "nominee's contact, or were asked for a letter of support), so you cannot open "
            "it, its files or its discussion, and you cannot score it."
        )
    if seat is not None and rules.is_blocked_by_conflict(seat, nomination, user=user):
        return (
            "You have a conflict of interest with this nomination, so you cannot open it, "
            "its files or its discussion, and your score does not count."
        )
    return "This part of the nomination's panel page is not open to you."
