"""How the site writes a moment: "February 13, 2027, 10:00 a.m. EST", always in the zone
of the cycle it belongs to, with the zone named (GPO style: "a.m." and "p.m.").

Templates use the same format string (`MOMENT_FORMAT`) with the `timezone` filter;
tests/core/test_moments.py checks that no page, email or message uses another.
"""

from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from django.utils.formats import date_format

MOMENT_FORMAT = "F j, Y, g:i a T"


def moment_in(value: datetime, zone: tzinfo) -> str:
    """`value` (aware) as the site writes it, in `zone`."""
    return date_format(value.astimezone(zone), MOMENT_FORMAT)


class NoSuchMoment(ValueError):
    """A wall-clock time that names no moment in a zone (the spring gap) or two (the
    autumn fold); the message says which, in the zone's own words, and what to enter."""


def moment_from_wall_clock(value: datetime, zone: ZoneInfo) -> datetime:
    """The moment `value` (naive: a date and time as typed) names in `zone`.

    Raises NoSuchMoment for a time the clocks skip (suggesting the first time after the
    gap) or repeat (naming both readings), never reading it in another zone.
    """
    first, second = value.replace(tzinfo=zone, fold=0), value.replace(tzinfo=zone, fold=1)
    exists = first.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == value
    if not exists:
        after = value
        while (
            after.replace(tzinfo=zone).astimezone(UTC).astimezone(zone).replace(tzinfo=None)
            != after
        ):
            after += timedelta(minutes=1)
        raise NoSuchMoment(
            f"{_wall(value)} does not exist in {zone.key}: the clocks go forward then. "
            f"Enter {_wall(after, day=False)} or later, or an earlier time."
        )
    if first.utcoffset() != second.utcoffset():
        raise NoSuchMoment(
            f"{_wall(value)} happens twice in {zone.key}, first in {first.tzname()} and "
            f"an hour later in {second.tzname()}, when the clocks go back. Enter a time "
            "outside that hour."
        )
    return first


def _wall(value: datetime, *, day: bool = True) -> str:
    time = date_format(value, "g:i a")
    return f"{time} on {date_format(value, 'F j, Y')}" if day else time
