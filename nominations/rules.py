"""Who may do what to which object. Used by transitions, services, views and templates.

Transition permissions are called by django-fsm as `permission(instance, user)`.
"""

from accounts.rules import is_award_staff, is_nominator, is_panelist, is_selecting_official

__all__ = [
    "can_manage_cycle",
    "can_select",
    "can_vet",
    "can_view_nomination",
    "is_award_staff",
    "is_nomination_owner",
    "is_nominator",
    "is_panelist",
    "is_selecting_official",
]


def is_nomination_owner(nomination, user) -> bool:
    return bool(user and user.is_authenticated and nomination.nominator_id == user.pk)


def can_manage_cycle(cycle, user) -> bool:
    return is_award_staff(user)


def can_vet(nomination, user) -> bool:
    return is_award_staff(user)


def can_select(nomination, user) -> bool:
    return is_selecting_official(user)


def can_view_nomination(user, nomination) -> bool:
    """Owner and award staff. Panel access is decided in reviews/rules.py."""
    return is_nomination_owner(nomination, user) or is_award_staff(user)
