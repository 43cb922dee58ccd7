"""Inviting panelists: staff invite by email; the invitee accepts through a single-use link.

There is no public sign-up for panelists. The link carries a token from
`core.links` (256 bits); only its SHA-256 is stored, and the outbox keeps
the email with the link withheld, so a copy of the database opens no link. A link lives
`INVITATION_DAYS` days; resending makes a new token (the old link stops working) and a
new expiry; revoking kills it.

Accepting: if an account exists for the invited address, its owner (signed in) joins;
otherwise the invitee sets up an account there and then, with the invited address,
marked verified because the link proves the mailbox. Either way the user gets the
Panelist role and a seat on the panel.

Every write is one audit event ("panel.invite", "panel.invitation_resend",
"panel.invitation_revoke", "panel.invitation_accept"); emails go out after commit. A
refused call raises a WorkflowError and changes nothing.
"""

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.invitations import create_invited_account
from accounts.roles import Role, roles_changed_by
from accounts.rules import forget_role_names
from core.exceptions import (
    ConflictError,
    IllegalTransition,
    InvalidInput,
    LimitReached,
    NotPermitted,
)
from core.links import new_token, token_hash
from core.services.audit import audit_record, audits_refusals
from nominations.services.limits import check_recent_actions, lock_account
from nominations.services.outbox import outbox_send_on_commit
from reviews import rules as review_rules
from reviews.models import Panel, PanelInvitation, PanelMember
from reviews.selectors.panel import (
    PENDING,
    check_invitation_usable,
    invitation_status,
    panel_is_open_for_changes,
)
from reviews.services.panel import require_panel_manager

INVITATION_DAYS = 14
INVITATION_ACTIONS = ("panel.invite", "panel.invitation_resend")


@audits_refusals("panel.invite", obj="panel", role=Role.AWARD_STAFF, of=(LimitReached,))
def panel_invite(*, panel: Panel, actor, email: str, full_name: str) -> PanelInvitation:
    """Invite `email` to sit on the panel.

    Award staff only, while the panel may change. Refused for someone already on the
    panel (or removed from it) or with an invitation still waiting, and beyond the staff
    account's limit of invitations per day (`nominations.services.limits`). Creates one
    PanelInvitation with a new token's hash and one "panel.invite" audit event;
    schedules the invitation email with the link.
    """
    require_panel_manager(actor)
    email, full_name = email.strip().lower(), " ".join(full_name.split())
    problems = []
    try:
        validate_email(email)
    except ValidationError:
        problems.append("Enter the panelist's email address, like name@example.org.")
    if not full_name:
        problems.append("Enter the panelist's full name.")
    if problems:
        raise InvalidInput(" ".join(problems), problems=problems)
    now = timezone.now()
    with transaction.atomic():
        locked = (
            Panel.objects.select_for_update(no_key=True).select_related("cycle").get(pk=panel.pk)
        )
        _check_panel_open(locked)
        _check_not_invited(locked, email, now)
        _check_invitation_limit(actor, now)
        token = new_token()
        invitation = PanelInvitation.objects.create(
            panel=locked,
            email=email,
            full_name=full_name,
            token_hash=token_hash(token),
            invited_by=actor,
            expires_at=now + dt.timedelta(days=INVITATION_DAYS),
        )
        audit_record(
            action="panel.invite",
            actor=actor,
            obj=invitation,
            data={"panel": locked.pk, "email": email, "expires_at": invitation.expires_at},
            role=Role.AWARD_STAFF,
        )
        _email_invitee_on_commit(invitation, token)
    return invitation


@audits_refusals(
    "panel.invitation_resend", obj="invitation", role=Role.AWARD_STAFF, of=(LimitReached,)
)
def invitation_resend(*, invitation: PanelInvitation, actor) -> PanelInvitation:
    """Send the invitation again with a new link and a new expiry; the old link dies.

    Award staff only, for an invitation waiting or expired (not accepted or revoked),
    within the staff account's limit of invitations per day. Updates the token hash and
    expiry with one "panel.invitation_resend" audit event; schedules the email.
    """
    require_panel_manager(actor)
    now = timezone.now()
    token = new_token()
    with transaction.atomic():
        locked = _locked_invitation(invitation)
        if locked.accepted_at or locked.revoked_at:
            raise IllegalTransition(
                f"This invitation is {invitation_status(locked, now)}, so it cannot be sent again."
            )
        _check_invitation_limit(actor, now)
        locked.token_hash = token_hash(token)
        locked.expires_at = now + dt.timedelta(days=INVITATION_DAYS)
        locked.save(update_fields=["token_hash", "expires_at"])
        audit_record(
            action="panel.invitation_resend",
            actor=actor,
            obj=locked,
            data={"panel": locked.panel_id, "email": locked.email, "expires_at": locked.expires_at},
            role=Role.AWARD_STAFF,
        )
        _email_invitee_on_commit(locked, token)
    return locked


def invitation_revoke(*, invitation: PanelInvitation, actor) -> PanelInvitation:
    """Withdraw an invitation not yet accepted; its link stops working.

    Award staff only. Sets `revoked_at` with one "panel.invitation_revoke" audit event.
    Schedules nothing: the invitee is not written to again.
    """
    require_panel_manager(actor)
    with transaction.atomic():
        locked = _locked_invitation(invitation)
        if locked.accepted_at or locked.revoked_at:
            raise IllegalTransition(
                f"This invitation is {invitation_status(locked)}, so it cannot be revoked."
            )
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        audit_record(
            action="panel.invitation_revoke",
            actor=actor,
            obj=locked,
            data={"panel": locked.panel_id, "email": locked.email},
            role=Role.AWARD_STAFF,
        )
    return locked


def invitation_account_exists(invitation: PanelInvitation) -> bool:
    """Whether someone already has an account with the invited address."""
    return get_user_model().objects.filter(email__iexact=invitation.email).exists()


def invitation_accept(
    *, invitation: PanelInvitation, user=None, full_name: str = "", password: str = ""
) -> PanelMember:
    """Accept an invitation: the invitee becomes a Panelist with a seat on the panel.

    With an account for the invited address, `user` must be that account (signed in);
    its full name is filled from `full_name` if it had none. Without one, `user` is None
    and a new account is made with the invited address (its allauth EmailAddress
    verified and primary), `full_name` and `password` (checked by Django's password
    validators). Either way: adds the Panelist role, creates the PanelMember, marks the
    invitation accepted, with one "panel.invitation_accept" audit event. Raises
    InvitationLinkError if the link cannot be used any more. Schedules nothing; the
    caller signs a new account in.
    """
    users = get_user_model().objects
    full_name = " ".join(full_name.split())
    try:
        with transaction.atomic():
            locked = _locked_invitation(invitation)
            check_invitation_usable(locked)
            existing = users.filter(email__iexact=locked.email).first()
            if existing is not None:
                if user is None or user.pk != existing.pk:
                    raise NotPermitted(
                        "This invitation is for another account. Sign in with the address "
                        "it was sent to."
                    )
                account, new_account = existing, False
                if not account.full_name and full_name:
                    account.full_name = full_name
                    account.save(update_fields=["full_name"])
            else:
                if user is not None:
                    raise NotPermitted(
                        "This invitation is for another address. Sign out first to set up "
                        "the invited account."
                    )
                try:
                    account = create_invited_account(locked.email, full_name, password)
                except ValidationError as error:
                    raise InvalidInput(" ".join(error.messages), problems=error.messages) from None
                new_account = True
            if PanelMember.objects.filter(panel_id=locked.panel_id, user=account).exists():
                raise IllegalTransition("You already have a seat on this panel.")
            with roles_changed_by(account):
                account.groups.add(Group.objects.get(name=Role.PANELIST))
            member = PanelMember.objects.create(panel_id=locked.panel_id, user=account)
            locked.accepted_at = timezone.now()
            locked.accepted_by = account
            locked.save(update_fields=["accepted_at", "accepted_by"])
            audit_record(
                action="panel.invitation_accept",
                actor=account,
                obj=locked,
                data={"panel": locked.panel_id, "member": member.pk, "new_account": new_account},
                role=Role.PANELIST,
            )
    except IntegrityError as error:
        raise ConflictError(
            "Someone else used this invitation at the same moment. Reload the page."
        ) from error
    for person in (account, user):
        forget_role_names(person)
    member.panel = locked.panel
    return member


# -- internals ---------------------------------------------------------------------------------


def _check_panel_open(panel: Panel) -> None:
    if not panel_is_open_for_changes(panel.cycle):
        raise IllegalTransition(
            f"A cycle that is {panel.cycle.get_state_display().lower()} takes no new panelists."
        )


def _check_invitation_limit(actor, now: dt.datetime) -> None:
    lock_account(actor)
    check_recent_actions(
        actor=actor,
        actions=INVITATION_ACTIONS,
        now=now,
        setting="AWARDS_PANEL_INVITATIONS_PER_DAY",
        message=(
            "You have sent {allowed} panel invitations (new invitations and resends) in the "
            "last 24 hours, the most one account may send. Try again tomorrow."
        ),
    )


def _check_not_invited(panel: Panel, email: str, now: dt.datetime) -> None:
    seat = (
        PanelMember.objects.filter(panel=panel, user__email__iexact=email)
        .only("removed_at")
        .first()
    )
    if seat is not None and seat.removed_at:
        raise IllegalTransition(f"{email} was removed from this panel and cannot be invited again.")
    if seat is not None:
        raise IllegalTransition(f"{email} is already on this panel.")
    waiting = [
        invitation
        for invitation in panel.invitations.filter(
            email=email, accepted_at__isnull=True, revoked_at__isnull=True
        )
        if invitation_status(invitation, now) == PENDING
    ]
    if waiting:
        raise IllegalTransition(
            f"{email} already has an invitation waiting. Send it again instead."
        )


def _locked_invitation(invitation: PanelInvitation) -> PanelInvitation:
    locked = (
        PanelInvitation.objects.select_for_update(no_key=True)
        .select_related("panel__cycle__program")
        .get(pk=invitation.pk)
    )
    _check_panel_open(locked.panel)
    return locked


def _email_invitee_on_commit(invitation: PanelInvitation, token: str) -> None:
    """After commit, email the invitee the link, the review's due date and how many
    nominations the panel has so far (cleared for it or further on). The token lives only
    in the email sent: the outbox keeps the message with the link withheld, and the link
    sealed until sent."""

    def build() -> dict:
        panel = Panel.objects.select_related("cycle__program").get(pk=invitation.panel_id)
        link = settings.AWARDS_SITE_URL.rstrip("/") + reverse(
            "reviews:invitation_accept", args=[token]
        )
        nominations = panel.cycle.nominations.filter(
            state__in=review_rules.PANEL_NOMINATION_STATES
        ).count()
        context = {
            "invitation": invitation,
            "due": panel.review_due,
            "nominations": nominations,
            "cycle": panel.cycle,
            "program": panel.cycle.program,
            "panel": panel,
            "inviter_name": invitation.invited_by.get_full_name(),
            "link": link,
            "site_name": settings.AWARDS_SITE_NAME,
        }
        return {
            "to": [invitation.email],
            "subject": render_to_string("emails/panel_invitation_subject.txt", context),
            "body": render_to_string("emails/panel_invitation_body.txt", context),
            "template": "panel_invitation",
            "cycle_id": panel.cycle_id,
            "secret": link,
        }

    outbox_send_on_commit(build=build)


__all__ = [
    "INVITATION_DAYS",
    "invitation_accept",
    "invitation_account_exists",
    "invitation_resend",
    "invitation_revoke",
    "panel_invite",
]
