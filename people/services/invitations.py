"""Inviting award staff and selecting officials: staff invite by email; the invitee
accepts through a single-use link, as a panelist does (reviews/services/invitations.py).

The link carries a `core.links` token; only its SHA-256 is stored, and the outbox keeps
the email with the link withheld. A link lives INVITATION_DAYS days; withdrawing it
kills it, and so does the inviter's leaving (deactivated, or no longer award staff).
Someone who already has an account (the address is any of its addresses) is not
invited: staff give them the role on their page. If an account for the address appears
before the link is used, its owner, signed in, accepts it, unless that is the inviter's
own account or an administrator's.

Every write is one audit event ("people.invite", "people.invitation_revoke",
"people.invitation_accept"; the role itself is recorded as `account.role_grant` in the
inviter's name, who must still be active award staff when the link is used).
"""

import datetime as dt

from allauth.account.utils import filter_users_by_email
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
from core.links import PENDING, invitation_status, new_token, token_hash
from core.services.audit import audit_record, audits_refusals
from nominations.services.limits import check_recent_actions, lock_account
from nominations.services.outbox import outbox_send_on_commit
from people.models import RoleInvitation
from people.rules import INVITED_ROLES, may_manage_people, why_not_change_account
from people.selectors.invitations import RoleInvitationLinkError, check_invitation_usable

INVITATION_DAYS = 14


@audits_refusals(
    "people.invite",
    obj=lambda **kwargs: kwargs["actor"],
    role=Role.AWARD_STAFF,
    of=(LimitReached, NotPermitted),
)
def role_invite(*, actor, email: str, full_name: str, role: str) -> RoleInvitation:
    """Invite `email` to join as `role` (award staff or selecting official).

    Award staff only. Refused (InvalidInput) for a malformed address, a missing name or
    another role, an address that has an account (give the role on their page instead)
    or an invitation still waiting, and (LimitReached, audited) beyond the account's
    invitations per day. Creates the invitation with
    one "people.invite" audit event and emails the link after commit.
    """
    if not may_manage_people(actor):
        raise NotPermitted("Only award staff invite people.")
    email, full_name = email.strip().lower(), " ".join(full_name.split())
    problems = []
    try:
        validate_email(email)
    except ValidationError:
        problems.append("Enter the person's email address, like name@agency.gov.")
    if not full_name:
        problems.append("Enter the person's full name.")
    if role not in {r.value for r in INVITED_ROLES}:
        problems.append("Choose award staff or selecting official.")
    if problems:
        raise InvalidInput(" ".join(problems), problems=problems)
    now = timezone.now()
    _check_address(email, now)
    with transaction.atomic():
        lock_account(actor)
        check_recent_actions(
            actor=actor,
            actions=("people.invite",),
            now=now,
            setting="AWARDS_ROLE_INVITATIONS_PER_DAY",
            message=(
                "You have sent {allowed} invitations in the last 24 hours, the most one "
                "account may send. Try again tomorrow."
            ),
        )
        token = new_token()
        invitation = RoleInvitation.objects.create(
            email=email,
            full_name=full_name,
            role=role,
            token_hash=token_hash(token),
            invited_by=actor,
            expires_at=now + dt.timedelta(days=INVITATION_DAYS),
        )
        audit_record(
            action="people.invite",
            actor=actor,
            obj=invitation,
            data={"email": email, "role": role, "expires_at": invitation.expires_at},
            role=Role.AWARD_STAFF,
        )
        _email_invitee_on_commit(invitation, token)
    return invitation


@audits_refusals("people.invitation_revoke", obj="invitation", role=Role.AWARD_STAFF)
def role_invitation_revoke(*, actor, invitation: RoleInvitation) -> RoleInvitation:
    """Withdraw a waiting invitation: its link stops working."""
    if not may_manage_people(actor):
        raise NotPermitted("Only award staff withdraw invitations.")
    with transaction.atomic():
        locked = RoleInvitation.objects.select_for_update(no_key=True).get(pk=invitation.pk)
        if invitation_status(locked) != PENDING:
            raise IllegalTransition("Only an invitation still waiting can be withdrawn.")
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        audit_record(
            action="people.invitation_revoke",
            actor=actor,
            obj=locked,
            data={"email": locked.email, "role": locked.role},
            role=Role.AWARD_STAFF,
        )
    return locked


def accounts_with_address(email: str) -> list:
    """The accounts that have `email` as any of their addresses, confirmed or not."""
    return filter_users_by_email(email)


def invitation_account_exists(invitation: RoleInvitation) -> bool:
    return bool(accounts_with_address(invitation.email))


@audits_refusals("people.invitation_accept", obj="invitation", actor="user", of=(NotPermitted,))
def role_invitation_accept(
    *, invitation: RoleInvitation, user=None, full_name: str = "", password: str = ""
):
    """Accept the invitation and return the account that now has the role.

    With an account for the invited address (any of its addresses), `user` must be that
    account, signed in. Without one, `user` is None and a new account is made with the
    invited address (verified: the link proves the mailbox), `full_name` and `password`.
    The role is given in the inviter's name, so the rules of the people page hold: the
    inviter must still be active award staff (else the link no longer works), and may
    not give it to their own account or an administrator's (NotPermitted, audited).
    Then the invitation is marked accepted, with one "people.invitation_accept" event.
    Raises RoleInvitationLinkError when the link can no longer be used, InvalidInput for
    the new account's name or password.
    """
    full_name = " ".join(full_name.split())
    try:
        with transaction.atomic():
            locked = RoleInvitation.objects.select_for_update(no_key=True).get(pk=invitation.pk)
            check_invitation_usable(locked)
            inviter = get_user_model().objects.get(pk=locked.invited_by_id)
            if not (inviter.is_active and may_manage_people(inviter)):
                raise RoleInvitationLinkError(
                    "This invitation no longer works: the person who sent it can no longer "
                    "invite. Ask award staff to invite you again.",
                    reason="revoked",
                )
            existing = accounts_with_address(locked.email)
            if existing:
                if user is None or user.pk not in {account.pk for account in existing}:
                    raise NotPermitted(
                        "This invitation is for another account. Sign in with the address "
                        "it was sent to."
                    )
                account, new_account = user, False
                reason = why_not_change_account(inviter, account)
                if reason:
                    raise NotPermitted(f"This invitation cannot be accepted here. {reason}")
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
            with roles_changed_by(inviter):
                account.groups.add(Group.objects.get(name=locked.role))
            locked.accepted_at = timezone.now()
            locked.accepted_by = account
            locked.save(update_fields=["accepted_at", "accepted_by"])
            audit_record(
                action="people.invitation_accept",
                actor=account,
                obj=locked,
                data={"role": locked.role, "new_account": new_account},
                role=locked.role,
            )
    except IntegrityError as error:
        raise ConflictError(
            "Someone else used this invitation at the same moment. Reload the page."
        ) from error
    forget_role_names(account)
    return account


def _check_address(email: str, now) -> None:
    """InvalidInput for an address of an account (any of its addresses) or with an
    invitation waiting."""
    if accounts_with_address(email):
        raise InvalidInput(
            f"{email} already has an account. Find the person in the list of people and "
            "give them the role on their page."
        )
    waiting = RoleInvitation.objects.filter(
        email=email, accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
    )
    if waiting.exists():
        raise InvalidInput(f"{email} already has an invitation waiting.")


def _second_factor() -> str:
    """What an invited member of staff or official sets up after the password."""
    if not settings.AWARDS_REQUIRE_MFA:
        return ""
    return "security_key" if settings.AWARDS_REQUIRE_SECURITY_KEY else "mfa"


def _email_invitee_on_commit(invitation: RoleInvitation, token: str) -> None:
    """After commit, email the invitee the link. The token lives only in the email sent:
    the outbox keeps the message with the link withheld."""

    def build() -> dict:
        link = settings.AWARDS_SITE_URL.rstrip("/") + reverse(
            "people:invitation_accept", args=[token]
        )
        context = {
            "invitation": invitation,
            "inviter_name": invitation.invited_by.get_full_name(),
            "link": link,
            "second_factor": _second_factor(),
            "site_name": settings.AWARDS_SITE_NAME,
            "contact_email": settings.AWARDS_CONTACT_EMAIL,
        }
        return {
            "to": [invitation.email],
            "subject": render_to_string("emails/role_invitation_subject.txt", context),
            "body": render_to_string("emails/role_invitation_body.txt", context),
            "template": "role_invitation",
            "secret": link,
        }

    outbox_send_on_commit(build=build)
