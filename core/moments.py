"""How the site writes a moment: "February 13, 2027, 10:00 a.m. EST", always in the zone
of the cycle it belongs to, with the zone named (GPO style: "a.m." and "p.m.").

Templates use the same format string (`MOMENT_FORMAT`) with the `timezone` filter;
tests/core/test_moments.py checks that no page, email or message uses another.
"""

from datetime import datetime, tzinfo

from django.utils.formats import date_format

MOMENT_FORMAT = "F j, Y, g:i a T"


def moment_in(value: datetime, zone: tzinfo) -> str:
    """`value` (aware) as the site writes it, in `zone`."""
    return date_format(value.astimezone(zone), MOMENT_FORMAT)
