"""`{{ value|moment:cycle.time_zone }}`: a moment as core.moments writes it, in a zone.

Like |timezone:zone|date:format, but a time in the hour the clocks repeat keeps its zone
("1:30 a.m. EST"), which Django's |date leaves out. The zone is the cycle's where the
moment belongs to one.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from django import template

from core.moments import COMPACT_MOMENT_FORMAT, TIME_OF_DAY_FORMAT, moment_in

register = template.Library()


@register.filter
def moment(value: datetime | None, zone: str) -> str:
    """In full: "February 13, 2027, 10:00 a.m. EST"."""
    return moment_in(value, ZoneInfo(zone)) if value else ""


@register.filter
def moment_time(value: datetime | None, zone: str) -> str:
    """The time alone, "10:00 a.m. EST", for a moment on a day already named."""
    return moment_in(value, ZoneInfo(zone), TIME_OF_DAY_FORMAT) if value else ""


@register.filter
def moment_compact(value: datetime | None, zone: str) -> str:
    """Short, "Feb 13, 2027, 10:00 a.m. EST", for a narrow column."""
    return moment_in(value, ZoneInfo(zone), COMPACT_MOMENT_FORMAT) if value else ""
