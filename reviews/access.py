"""Refusing a panelist access to a nomination, its files or its discussion.

Every refusal of a nomination-level panel page is audited (issue 5: a conflicted
panelist is refused the nomination, its files and its discussion, and the refusal is
recorded). Views call `refuse_panel_access` after their rules check fails:

    if not rules.can_open_nomination(request.user, nomination):
        refuse_panel_access(request, nomination=nomination, what="scoring page")
"""

from django.core.exceptions import PermissionDenied

from accounts.rules import is_panelist
from nominations.views.access import audit_refusal
from reviews import rules
from reviews.models import PanelMember

PANEL_ACCESS_DENIED_ACTION = "panel.access_denied"


def refuse_panel_access(request, *, nomination, what: str) -> None:
    """Record a denied attempt on the nomination, then answer 403.

    Writes one AuditEvent (action "panel.access_denied", outcome "denied", the
    nomination as object, `what` plus the request's method and path as note) and raises
    PermissionDenied with the reason in plain words (`refusal_reason`), which the 403
    page shows. Changes nothing else and schedules nothing. Never returns.
    """
    audit_refusal(
        request,
        action=PANEL_ACCESS_DENIED_ACTION,
        obj=nomination,
        note=f"{what}: {request.method} {request.path}",
    )
    raise PermissionDenied(refusal_reason(request.user, nomination))


def refusal_reason(user, nomination) -> str:
    """Why a panel page of the nomination is closed to the user, in words fit to show them.

    Says nothing the user may not know: only their own seat, conflict and the stage.
    """
    if not is_panelist(user):
        return "Only award staff and the nomination's panel see this page."
    seat = (
        PanelMember.objects.filter(panel__cycle_id=nomination.cycle_id, user=user)
        .order_by("removed_at")
        .first()
    )
    if seat is None:
        return "You are not on the panel that reviews this nomination."
    if seat.removed_at is not None:
        return "You were removed from the panel that reviews this nomination."
    if seat.attested_at is None:
        return (
            "Sign the panel's conflict-of-interest and confidentiality attestation first: "
            "your panel review page has the link."
        )
    if rules.is_blocked_by_conflict(seat, nomination):
        return (
            "You have a conflict of interest with this nomination, so you cannot open it, "
            "its files or its discussion, and your score does not count."
        )
    if (
        nomination.state not in rules.PANEL_NOMINATION_STATES
        or nomination.cycle.state not in rules.PANEL_CYCLE_STATES
    ):
        return "The panel does not see this nomination at this stage of the cycle."
    return "This part of the nomination's panel page is not open to you."
