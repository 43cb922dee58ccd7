"""Who holds a role now: the people a hand-off email goes to."""

from django.contrib.auth import get_user_model

from accounts.roles import Role


def role_holders(role: Role, *, excluding=()) -> list:
    """The active accounts with `role`, by address, less the users in `excluding`. One query."""
    excluded = [user.pk for user in excluding if user is not None]
    return list(
        get_user_model()
        .objects.filter(groups__name=role.value, is_active=True)
        .exclude(pk__in=excluded)
        .order_by("email")
        .distinct()
    )


def award_staff(*, excluding=()) -> list:
    """The active award staff, less `excluding`."""
    return role_holders(Role.AWARD_STAFF, excluding=excluding)


def selecting_officials() -> list:
    return role_holders(Role.SELECTING_OFFICIAL)


__all__ = ["award_staff", "role_holders", "selecting_officials"]
