"""What every change to someone's account starts with: both accounts' rows, locked,
and the check that the actor may change the other one."""

from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.rules import forget_role_names
from core.exceptions import NotPermitted
from people.models import RoleInvitation
from people.rules import why_not_change_account


def locked_person(actor, person):
    """`person`'s row, once `actor` is shown to be allowed to change it (NotPermitted
    otherwise). Both rows are locked until the transaction ends, in the order of their
    ids, and the actor's standing (active, award staff) is read again under the lock:
    two members of staff removing each other at the same moment cannot both succeed."""
    users = get_user_model().objects.select_for_update(no_key=True)
    rows = {user.pk: user for user in users.filter(pk__in={actor.pk, person.pk}).order_by("pk")}
    acting, locked = rows[actor.pk], rows[person.pk]
    if not acting.is_active:
        raise NotPermitted("Your account is deactivated.")
    reason = why_not_change_account(acting, locked)
    if reason:
        raise NotPermitted(reason)
    forget_role_names(person)
    return locked


def withdraw_invitations_of(inviter) -> int:
    """Withdraw the invitations `inviter` sent that still wait: they are no longer staff,
    or no longer here. Returns how many."""
    return RoleInvitation.objects.filter(
        invited_by=inviter, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
