"""Role invitations: their status, the one a link opens, those still waiting."""

from django.utils import timezone

from core.links import (
    ACCEPTED,
    EXPIRED,
    REVOKED,
    LinkError,
    invitation_status,
    looks_like_token,
    token_hash,
)
from people.models import RoleInvitation


class RoleInvitationLinkError(LinkError):
    """A role invitation link that cannot be used (unknown: 404; used, withdrawn or
    expired: 410). The messages name neither the role nor the address."""


def invitation_for_token(token: str) -> RoleInvitation:
    """The usable invitation `token` opens; RoleInvitationLinkError says why not."""
    found = None
    if looks_like_token(token):
        found = RoleInvitation.objects.filter(token_hash=token_hash(token)).first()
    if found is None:
        raise RoleInvitationLinkError(
            "This link is not valid. Check that you copied the whole address from the "
            "email; if it still does not work, ask award staff to invite you again.",
            reason="unknown",
        )
    check_invitation_usable(found)
    return found


def check_invitation_usable(invitation: RoleInvitation) -> None:
    status = invitation_status(invitation)
    if status == ACCEPTED:
        raise RoleInvitationLinkError(
            "This invitation has already been accepted, and each link works only once. "
            "Sign in to go on.",
            reason="accepted",
        )
    if status == REVOKED:
        raise RoleInvitationLinkError(
            "This invitation was withdrawn. If you think this is a mistake, contact award staff.",
            reason="revoked",
        )
    if status == EXPIRED:
        raise RoleInvitationLinkError(
            "This link has expired. Ask award staff to invite you again.", reason="expired"
        )


def waiting_invitations_count(now=None) -> int:
    now = now or timezone.now()
    return RoleInvitation.objects.filter(
        accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
    ).count()


def waiting_invitations(now=None) -> list[RoleInvitation]:
    """Invitations neither accepted, withdrawn nor expired, newest first."""
    now = now or timezone.now()
    return list(
        RoleInvitation.objects.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
        ).select_related("invited_by")
    )
