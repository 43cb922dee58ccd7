"""Reads for running a panel: the staff panel page, and the invitee's link.

An invitation's link carries a token from `secrets.token_urlsafe(32)`; only its SHA-256
is stored (`invitation_token_hash`), the same scheme as the endorsers' links.
"""

from dataclasses import dataclass

from django.db.models import F, Prefetch, prefetch_related_objects
from django.utils import timezone

from core.links import (
    ACCEPTED,
    EXPIRED,
    PENDING,
    REVOKED,
    LinkError,
    invitation_status,
    looks_like_token,
    token_hash,
)
from nominations.models import Cycle
from nominations.states import CycleState
from reviews.models import Panel, PanelInvitation, PanelMember

# A cycle's panel (settings, members, invitations) may change until its review ends.
PANEL_MANAGE_STATES = frozenset(
    {CycleState.SETUP, CycleState.OPEN, CycleState.CLOSED, CycleState.REVIEW}
)
INVITATION_STATUS_LABELS = {
    PENDING: "Waiting for a reply",
    ACCEPTED: "Accepted",
    REVOKED: "Revoked",
    EXPIRED: "Expired",
}


class InvitationLinkError(LinkError):
    """An invitation link that cannot be used. `reason`: unknown, accepted, revoked,
    expired or closed. Unknown is 404 Not Found; the others are 410 Gone.

    The messages name nothing from the invitation: whoever holds a dead link learns
    neither the panel nor the address it was for.
    """


def panel_is_open_for_changes(cycle: Cycle) -> bool:
    """Whether the cycle's panel (settings, members, invitations) may still change."""
    return cycle.state in PANEL_MANAGE_STATES


def invitation_for_token(token: str) -> PanelInvitation:
    """The invitation a token opens, with its panel, cycle and program, in one query.

    Raises InvitationLinkError saying why the link cannot be used.
    """
    found = None
    if looks_like_token(token):
        found = (
            PanelInvitation.objects.select_related("panel__cycle__program", "invited_by")
            .filter(token_hash=token_hash(token))
            .first()
        )
    if found is None:
        raise InvitationLinkError(
            "This link is not valid. Check that you copied the whole address from the "
            "email. If it still does not work, ask award staff to send the invitation again.",
            reason="unknown",
        )
    check_invitation_usable(found)
    return found


def check_invitation_usable(invitation: PanelInvitation) -> None:
    """Raise InvitationLinkError unless the invitation can be accepted now."""
    status = invitation_status(invitation)
    if status == ACCEPTED:
        raise InvitationLinkError(
            "This invitation has already been accepted, and each link works only once. "
            "Sign in to reach your panel.",
            reason="accepted",
        )
    if status == REVOKED:
        raise InvitationLinkError(
            "This invitation was withdrawn. If you think this is a mistake, contact award staff.",
            reason="revoked",
        )
    if status == EXPIRED:
        raise InvitationLinkError(
            "This link has expired. Ask award staff to send the invitation again.",
            reason="expired",
        )
    if not panel_is_open_for_changes(invitation.panel.cycle):
        raise InvitationLinkError(
            "This panel has finished its review and takes no new members.", reason="closed"
        )


@dataclass(frozen=True)
class PanelPage:
    """What the staff panel page shows. `panel` is None until the panel is set up."""

    cycle: Cycle
    panel: Panel | None
    members: list[PanelMember]
    invitations: list[PanelInvitation]

    @property
    def anyone_signed(self) -> bool:
        return any(member.attested_at for member in self.members)

    @property
    def chair(self) -> PanelMember | None:
        return next((m for m in self.members if m.is_chair and m.is_active), None)


def panel_page(cycle_pk: int) -> PanelPage:
    """The cycle (with program and panel), its members (with their users and who removed
    them) and its invitations (with who sent and accepted them), each invitation marked
    with `status` and `status_label`. Three queries whatever the panel's size.

    Raises Cycle.DoesNotExist.
    """
    cycle = Cycle.objects.select_related("program", "panel").get(pk=cycle_pk)
    panel = getattr(cycle, "panel", None)
    if panel is None:
        return PanelPage(cycle=cycle, panel=None, members=[], invitations=[])
    prefetch_related_objects(
        [panel],
        Prefetch(
            "members",
            queryset=PanelMember.objects.select_related("user", "removed_by").order_by(
                F("removed_at").asc(nulls_first=True), "user__full_name", "user__email"
            ),
        ),
        Prefetch(
            "invitations",
            queryset=PanelInvitation.objects.select_related("invited_by", "accepted_by"),
        ),
    )
    panel.cycle = cycle
    now = timezone.now()
    invitations = list(panel.invitations.all())
    for invitation in invitations:
        invitation.status = invitation_status(invitation, now)
        invitation.status_label = INVITATION_STATUS_LABELS[invitation.status]
    return PanelPage(
        cycle=cycle, panel=panel, members=list(panel.members.all()), invitations=invitations
    )


def panel_member_of_cycle(*, cycle_pk: int, member_pk: int) -> PanelMember:
    """A seat on the cycle's panel, with its panel, cycle and user. Raises
    PanelMember.DoesNotExist when the seat is on another cycle's panel."""
    return PanelMember.objects.select_related("panel__cycle", "user").get(
        pk=member_pk, panel__cycle_id=cycle_pk
    )


def invitation_of_cycle(*, cycle_pk: int, invitation_pk: int) -> PanelInvitation:
    """An invitation to the cycle's panel. Raises PanelInvitation.DoesNotExist."""
    return PanelInvitation.objects.select_related("panel__cycle__program", "invited_by").get(
        pk=invitation_pk, panel__cycle_id=cycle_pk
    )


__all__ = [
    "INVITATION_STATUS_LABELS",
    "PANEL_MANAGE_STATES",
    "InvitationLinkError",
    "PanelPage",
    "check_invitation_usable",
    "invitation_for_token",
    "invitation_of_cycle",
    "invitation_status",
    "panel_member_of_cycle",
    "panel_is_open_for_changes",
    "panel_page",
]
