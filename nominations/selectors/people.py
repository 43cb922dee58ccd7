"""Who holds a role now: the people a hand-off email goes to."""

from django.contrib.auth import get_user_model

from accounts.roles import Role
from nominations.domain.parties import party_reasons
from nominations.rules import nomination_sides, person_of


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


def staff_who_may_vet(nomination, *, excluding=()) -> list:
    """The active award staff who may act on `nomination`, less `excluding`: never a party
    to it (its nominator, the nominee's contact, an endorser, the individual nominee;
    nominations/rules.py), who would learn from the email what they may not see."""
    sides = nomination_sides(nomination)
    return [
        person
        for person in award_staff(excluding=excluding)
        if not party_reasons(person_of(person), sides)
    ]


def selecting_officials() -> list:
    return role_holders(Role.SELECTING_OFFICIAL)


__all__ = ["award_staff", "role_holders", "selecting_officials", "staff_who_may_vet"]
