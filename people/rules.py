"""Who may manage people: award staff, on anyone's account but their own and an
administrator's (a superuser's account is changed in the Django admin, by another
administrator)."""

from accounts.roles import Role
from accounts.rules import is_award_staff

# Roles staff invite people to; the others come with signing up (Nominator) or a panel
# invitation (Panelist). Staff may grant and remove any role on an existing account.
INVITED_ROLES = (Role.AWARD_STAFF, Role.SELECTING_OFFICIAL)


def may_manage_people(user) -> bool:
    return is_award_staff(user)


def why_not_change_account(actor, person) -> str:
    """Why `actor` may not change `person`'s account (roles, sessions, second factors,
    deactivation): "" when they may."""
    if not may_manage_people(actor):
        return "Only award staff manage people's accounts."
    if actor.pk == person.pk:
        return "You cannot change your own roles or account here; ask another member of staff."
    if person.is_superuser:
        return "An administrator's account is changed in the admin, by another administrator."
    return ""
