"""Role predicates. Object predicates live in each app's rules.py and build on these."""

from django.contrib.auth.models import AnonymousUser

from accounts.roles import MFA_REQUIRED_ROLES, SECURITY_KEY_ROLES, Role


def role_names(user) -> frozenset[str]:
    """The user's role names, read once per request object and cached on it."""
    if user is None or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_role_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._role_names = cached
    return cached


def forget_role_names(user) -> None:
    """Drop the roles cached on `user` (if any), after they changed. `user` may be the
    request's lazy user, which passes attribute access on to the user it wraps."""
    if user is not None and hasattr(user, "_role_names"):
        del user._role_names


def has_role(user, role: Role) -> bool:
    return role.value in role_names(user)


def is_nominator(user) -> bool:
    return has_role(user, Role.NOMINATOR)


def is_award_staff(user) -> bool:
    return has_role(user, Role.AWARD_STAFF)


def is_panelist(user) -> bool:
    return has_role(user, Role.PANELIST)


def is_selecting_official(user) -> bool:
    return has_role(user, Role.SELECTING_OFFICIAL)


def needs_mfa(user) -> bool:
    """Whether the user must use multi-factor authentication.

    Staff, panelists and the selecting official must, and so must anyone who can open
    the Django admin, since the admin reaches every record.
    """
    if user is None or not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return bool(role_names(user) & {role.value for role in MFA_REQUIRED_ROLES})


def needs_security_key(user) -> bool:
    """Whether the user's second factor must be a security key or passkey (when
    AWARDS_REQUIRE_SECURITY_KEY is on): award staff, the selecting official and anyone
    who can open the Django admin."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return bool(role_names(user) & {role.value for role in SECURITY_KEY_ROLES})


def primary_role(user) -> Role | None:
    """The role that decides the landing page, most privileged first."""
    if isinstance(user, AnonymousUser):
        return None
    for role in (Role.AWARD_STAFF, Role.SELECTING_OFFICIAL, Role.PANELIST, Role.NOMINATOR):
        if has_role(user, role):
            return role
    return None
