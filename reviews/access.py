"""Refusing a panelist access to a nomination, its files or its discussion.

Every refusal of a nomination-level panel page is audited (issue 5: a conflicted
panelist is refused the nomination, its files and its discussion, and the refusal is
recorded). Views call `refuse_panel_access` after their rules check fails:

    if not rules.can_open_nomination(request.user, nomination):
        refuse_panel_access(request, nomination=nomination, what="scoring page")
"""

from django.core.exceptions import PermissionDenied

from nominations.services.audit import audit_record

PANEL_ACCESS_DENIED_ACTION = "panel.access_denied"


def refuse_panel_access(request, *, nomination, what: str) -> None:
    """Record a denied attempt on the nomination, then answer 403.

    Writes one AuditEvent (action "panel.access_denied", outcome "denied", the
    nomination as object, `what` plus the request's method and path as note) and raises
    PermissionDenied, which Django turns into the 403 page. Changes nothing else and
    schedules nothing. Never returns.
    """
    audit_record(
        action=PANEL_ACCESS_DENIED_ACTION,
        actor=request.user,
        obj=nomination,
        outcome="denied",
        note=f"{what}: {request.method} {request.path}",
    )
    raise PermissionDenied(f"Access to the {what} is refused.")
