"""The four roles, held as Django groups created by a data migration."""

from enum import StrEnum


class Role(StrEnum):
    NOMINATOR = "Nominator"
    AWARD_STAFF = "Award staff"
    PANELIST = "Panelist"
    SELECTING_OFFICIAL = "Selecting official"


# Roles whose members must enrol multi-factor authentication before using the site.
MFA_REQUIRED_ROLES = frozenset({Role.AWARD_STAFF, Role.PANELIST, Role.SELECTING_OFFICIAL})
