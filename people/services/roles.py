"""Granting and removing roles on the people page. The audit event of each change,
`account.role_grant` or `account.role_remove`, is written by `core.account_events` as the
role's row changes, naming the staff member (`roles_changed_by`)."""

from django.contrib.auth.models import Group
from django.db import transaction

from accounts.roles import Role, roles_changed_by
from accounts.rules import forget_role_names, role_names
from core.exceptions import IllegalTransition, InvalidInput
from core.services.audit import audits_refusals
from people.services.access import locked_person, withdraw_invitations_of


def _role(role: str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise InvalidInput("Choose one of the roles listed.") from None


@audits_refusals("account.role_grant", obj="person", role=Role.AWARD_STAFF)
def role_grant(*, actor, person, role: str) -> None:
    """Give `person` the role. Award staff only, never on their own account or an
    administrator's; refused when they already have it."""
    chosen = _role(role)
    with transaction.atomic():
        locked = locked_person(actor, person)
        if chosen.value in role_names(locked):
            raise IllegalTransition(f"{locked} already has the role {chosen.value}.")
        with roles_changed_by(actor):
            locked.groups.add(Group.objects.get(name=chosen.value))
    forget_role_names(person)


@audits_refusals("account.role_remove", obj="person", role=Role.AWARD_STAFF)
def role_revoke(*, actor, person, role: str) -> None:
    """Take the role from `person`. Award staff only, never on their own account or an
    administrator's; refused when they do not have it. What the role gave (a panel seat,
    say) stays recorded; the pages it opened close at the next request. Without the award
    staff role, the invitations they sent that still wait are withdrawn."""
    chosen = _role(role)
    with transaction.atomic():
        locked = locked_person(actor, person)
        if chosen.value not in role_names(locked):
            raise IllegalTransition(f"{locked} does not have the role {chosen.value}.")
        with roles_changed_by(actor):
            locked.groups.remove(Group.objects.get(name=chosen.value))
        if chosen == Role.AWARD_STAFF:
            withdraw_invitations_of(locked)
    forget_role_names(person)
