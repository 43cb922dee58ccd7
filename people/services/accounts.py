"""Staff's actions on someone's account, each one audit event on the account: ending
every session, removing their second factors so they enrol again (the recovery of a
lost security key), deactivating and reactivating."""

from allauth.mfa.models import Authenticator
from django.db import transaction

from accounts.roles import Role
from accounts.sessions import end_every_session
from core.exceptions import IllegalTransition, InvalidInput
from core.services.audit import audit_record, audits_refusals
from people.services.access import locked_person, withdraw_invitations_of

REASON_MAX = 1000


@audits_refusals("account.sessions_end", obj="person", role=Role.AWARD_STAFF)
def account_sessions_end(*, actor, person) -> int:
    """Sign `person` out everywhere. Returns how many listed sessions ended."""
    with transaction.atomic():
        locked = locked_person(actor, person)
        ended = end_every_session(locked)
        audit_record(
            action="account.sessions_end",
            actor=actor,
            obj=locked,
            data={"sessions": ended, "every_session": True},
            role=Role.AWARD_STAFF,
        )
    return ended


@audits_refusals("account.mfa_reset", obj="person", role=Role.AWARD_STAFF)
def account_mfa_reset(*, actor, person, reason: str) -> list[str]:
    """Remove every second factor of `person` (authenticator app, security keys,
    recovery codes) and end their sessions: at their next sign-in they enrol a new one.
    For a person who lost their only key, once staff have confirmed who they are;
    `reason` says how. Returns the types removed."""
    reason = _reason(reason, "Say how you confirmed who is asking, for the record.")
    with transaction.atomic():
        locked = locked_person(actor, person)
        authenticators = Authenticator.objects.filter(user=locked)
        types = sorted(set(authenticators.values_list("type", flat=True)))
        if not types:
            raise IllegalTransition(f"{locked} has no second factor to remove.")
        authenticators.delete()
        ended = end_every_session(locked)
        audit_record(
            action="account.mfa_reset",
            actor=actor,
            obj=locked,
            note=reason,
            data={"types": types, "sessions": ended},
            role=Role.AWARD_STAFF,
        )
    return types


@audits_refusals("account.deactivate", obj="person", role=Role.AWARD_STAFF)
def account_deactivate(*, actor, person, reason: str) -> None:
    """Close `person`'s account: they can no longer sign in, every session ends and the
    invitations they sent that still wait are withdrawn. Their records stay as they are.
    `reason` is kept in the audit log."""
    reason = _reason(reason, "Say why the account is deactivated, for the record.")
    with transaction.atomic():
        locked = locked_person(actor, person)
        if not locked.is_active:
            raise IllegalTransition(f"{locked}'s account is already deactivated.")
        locked.is_active = False
        locked.save(update_fields=["is_active"])
        ended = end_every_session(locked)
        withdrawn = withdraw_invitations_of(locked)
        audit_record(
            action="account.deactivate",
            actor=actor,
            obj=locked,
            note=reason,
            data={"sessions": ended, "invitations_withdrawn": withdrawn},
            role=Role.AWARD_STAFF,
        )


@audits_refusals("account.reactivate", obj="person", role=Role.AWARD_STAFF)
def account_reactivate(*, actor, person) -> None:
    """Open a deactivated account again; the person signs in as before."""
    with transaction.atomic():
        locked = locked_person(actor, person)
        if locked.is_active:
            raise IllegalTransition(f"{locked}'s account is active.")
        locked.is_active = True
        locked.save(update_fields=["is_active"])
        audit_record(action="account.reactivate", actor=actor, obj=locked, role=Role.AWARD_STAFF)


def _reason(reason: str, missing: str) -> str:
    reason = " ".join(reason.split())
    if not reason:
        raise InvalidInput(missing)
    if len(reason) > REASON_MAX:
        raise InvalidInput(f"Keep it to {REASON_MAX:,} characters.")
    return reason
