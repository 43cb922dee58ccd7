"""The four roles, held as Django groups created by a data migration."""

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from enum import StrEnum


class Role(StrEnum):
    NOMINATOR = "Nominator"
    AWARD_STAFF = "Award staff"
    PANELIST = "Panelist"
    SELECTING_OFFICIAL = "Selecting official"


# Roles whose members must enrol multi-factor authentication before using the site.
MFA_REQUIRED_ROLES = frozenset({Role.AWARD_STAFF, Role.PANELIST, Role.SELECTING_OFFICIAL})
# Roles whose second factor must be a security key or passkey (phishing-resistant, OMB
# M-22-09) when AWARDS_REQUIRE_SECURITY_KEY is on; panelists may still use an app code.
SECURITY_KEY_ROLES = frozenset({Role.AWARD_STAFF, Role.SELECTING_OFFICIAL})


# Who is granting or removing roles right now. The audit log (core.account_events) names
# them on every role change; accounts, below core, cannot write the event itself.
_roles_changed_by: ContextVar[object | None] = ContextVar("roles_changed_by", default=None)


@contextlib.contextmanager
def roles_changed_by(actor) -> Iterator[None]:
    """Name `actor` (a user) as who grants or removes the roles changed inside the block.

    Every path that changes roles for a person says who did it: the Django admin (the
    admin user), sign-up and a panel invitation (the person signing up or accepting).
    A change made outside any block (a command, the demo seeding) is recorded with no
    actor.
    """
    token = _roles_changed_by.set(actor)
    try:
        yield
    finally:
        _roles_changed_by.reset(token)


def roles_changer():
    """The user named by the innermost `roles_changed_by` block, or None."""
    return _roles_changed_by.get()
