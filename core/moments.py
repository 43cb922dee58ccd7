"""How the site writes a moment: "February 13, 2027, 10:00 a.m. EST", always in the zone
of the cycle it belongs to, with the zone named (GPO style: "a.m." and "p.m.").

Python writes one with `moment_in`, templates with `|moment:zone` and its two shorter
forms (core/templatetags/moments.py), never with Django's `date` filter or
`date_format`, which leave the zone out of a time in the hour the clocks repeat;
tests/core/test_moments.py checks that no page, email or message does otherwise.
"""

from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

from django.utils.formats import date_format

MOMENT_FORMAT = "F j, Y, g:i a T"
# Beside a full moment or a day already named: "sent at 3:05 p.m. EST", "Saved at
# 10:02 a.m. EST" (today).
TIME_OF_DAY_FORMAT = "g:i a T"
# The staff outbox: one row per email across every cycle, in a narrow column.
COMPACT_MOMENT_FORMAT = "M j, Y, g:i a T"


def moment_in(value: datetime, zone: tzinfo, fmt: str = MOMENT_FORMAT) -> str:
    """`value` (aware) as the site writes it, in `zone`; `fmt` is one of the formats
    above."""
    local = value.astimezone(zone)
    # Django leaves the zone out of a time the clocks repeat ("1:30 a.m. "), the one
    # time it is needed; the fixed offset of the reading meant names it.
    local = local.astimezone(timezone(local.utcoffset(), local.tzname()))
    return date_format(local, fmt)


class NoSuchMoment(ValueError):
    """A wall-clock time that names no moment in a zone (the spring gap) or two (the
    autumn fold); the message says which, in the zone's own words, and what to enter."""


class AmbiguousMoment(NoSuchMoment):
    """A wall-clock time the clocks repeat (the autumn fold): `readings` are the two
    moments it names, the earlier first, in UTC; `wall_time` is the time as typed
    ("1:30 a.m."), for asking which is meant."""

    def __init__(self, message: str, *, readings: tuple[datetime, datetime], wall_time: str):
        super().__init__(message)
        self.readings = readings
        self.wall_time = wall_time


def moment_from_wall_clock(value: datetime, zone: ZoneInfo) -> datetime:
    """The moment `value` (naive: a date and time as typed) names in `zone`.

    Raises NoSuchMoment for a time the clocks skip (suggesting the first time after the
    gap) and AmbiguousMoment for one they repeat (naming both readings, which it
    carries), never reading it in another zone.
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
        # The readings are in UTC: Python compares two times of one zone by their wall
        # clocks, fold ignored, so 1:45 a.m. EDT would count as later than 1:30 a.m. EST.
        raise AmbiguousMoment(
            f"{_wall(value)} happens twice in {zone.key}, first in {first.tzname()} and "
            f"an hour later in {second.tzname()}, when the clocks go back. Choose which "
            "you mean, or enter another time.",
            readings=(first.astimezone(UTC), second.astimezone(UTC)),
            wall_time=_wall(value, day=False),
        )
    return first


def _wall(value: datetime, *, day: bool = True) -> str:
    time = date_format(value, "g:i a")
    return f"{time} on {date_format(value, 'F j, Y')}" if day else time
